/** The document model's public face: what the editor, the server and the CLI import. */
export * from './build';
export * from './colours';
export * from './extensions';
export { escapeHtml, exportHtml } from './formats/html-export';
export { exportJson, importJson } from './formats/json-format';
export { exportMarkdown } from './formats/markdown-export';
export { importMarkdown } from './formats/markdown-import';
export * from './formats/registry';
export { exportText } from './formats/text-export';
export { importText } from './formats/text-import';
export * from './ids';
export * from './json';
export * from './labels';
export * from './nodes/names';
export * from './numbering';
export * from './validate';
export * from './ydoc';
