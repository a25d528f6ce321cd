/** The export formats' names: light enough for the CLI's usage text to name them without loading a writer. */
export const EXPORT_FORMATS = ['txt', 'md', 'html', 'json', 'docx', 'pdf', 'akn'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
