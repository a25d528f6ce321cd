import type { NodeJSON, Report } from '../json';
import { type LabelledItem, labelsByNode, subItemListOf } from '../labels';
import { referencesAsText } from '../references/resolve';
import { type ExportOptions, titleBlock } from './export-options';

export const AKN_NAMESPACE = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0';

/** XML text and attribute escaping: nothing from the report reaches the file as markup. */
function esc(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char]!,
  );
}

/** Inline content with marks: bold → `<b>`, italic → `<i>`, underline → `<u>`, link → `<a href>`. */
function inline(nodes: readonly NodeJSON[]): string {
  return nodes
    .map((node) => {
      let out = esc(node.text ?? '');
      for (const mark of node.marks ?? []) {
        if (mark.type === 'bold') out = `<b>${out}</b>`;
        else if (mark.type === 'italic') out = `<i>${out}</i>`;
        else if (mark.type === 'underline') out = `<u>${out}</u>`;
        else if (mark.type === 'link' && typeof mark.attrs?.href === 'string')
          // A cross-reference (references/resolve.ts) is a `<ref>` to the target's eId.
          out = mark.attrs.reference
            ? `<ref href="${esc(mark.attrs.href)}">${out}</ref>`
            : `<a href="${esc(mark.attrs.href)}">${out}</a>`;
        // A negotiation text: the delegation that proposes it, as the element's title.
        else if ((mark.type === 'insertion' || mark.type === 'deletion') && typeof mark.attrs?.by === 'string')
          out = `<${mark.type === 'insertion' ? 'ins' : 'del'} class="proposal" title="${esc(mark.attrs.by)}">${out}</${mark.type === 'insertion' ? 'ins' : 'del'}>`;
      }
      return out;
    })
    .join('');
}

const paragraphs = (item: NodeJSON): NodeJSON[] => (item.content ?? []).filter((child) => child.type === 'paragraph');
const p = (node: NodeJSON): string => `<p>${inline(node.content ?? [])}</p>`;

/**
 * Akoma Ntoso 3.0 (OASIS LegalDocML): `<debateReport name="meetingReport">` as the UN AKN guidelines
 * describe a meeting report, with FRBR identification, a preface (title, date, venue), the paragraphs
 * before the first agreement as the preamble, and each agreement as `<paragraph eId="para_N">` with its
 * sub-items as `<list>`/`<point>`. Headings and paragraphs between agreements are `hcontainer`s.
 */
export function exportAkn(written: Report, options: ExportOptions = {}, now = new Date()): string {
  // A reference is a `<ref>` to its target's eId.
  const report = { ...written, doc: referencesAsText(written.doc, (item) => `#${aknEId(item)}`) };
  const { title, meeting, approvalLine } = titleBlock(report, options);
  const blocks = report.doc.content ?? [];
  const firstList = blocks.findIndex((block) => block.type === 'agreementList');
  const preambleBlocks = firstList < 0 ? [] : blocks.slice(0, firstList);
  const bodyBlocks = firstList < 0 ? blocks : blocks.slice(firstList);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(meeting.date ?? '') ? meeting.date! : now.toISOString().slice(0, 10);
  const generated = now.toISOString().slice(0, 10);
  const work = `/akn/un/debateReport/meetingReport/${date}/${slug(title)}`;
  const expression = `${work}/eng@${options.approval ? options.approval.date.slice(0, 10) : ''}`;

  let container = 0;
  const labels = labelsByNode(report.doc);
  const body: string[] = [];
  for (const block of bodyBlocks) {
    if (block.type === 'agreementList') {
      for (const agreement of block.content ?? []) body.push(agreementXml(agreement, labels));
    } else if (block.type === 'heading') {
      container += 1;
      body.push(
        `<hcontainer eId="hcontainer_${container}" name="heading"><heading>${inline(block.content ?? [])}</heading></hcontainer>`,
      );
    } else if (block.type === 'paragraph') {
      container += 1;
      body.push(`<hcontainer eId="hcontainer_${container}" name="text"><content>${p(block)}</content></hcontainer>`);
    }
  }
  if (body.length === 0) body.push('<hcontainer eId="hcontainer_1" name="text"><content><p/></content></hcontainer>');

  const preamble = preambleBlocks
    .map((block) => (block.type === 'heading' ? `<p class="heading">${inline(block.content ?? [])}</p>` : p(block)))
    .join('\n      ');
  const preface = [
    meeting.body ? `<p class="body"><docAuthority>${esc(meeting.body)}</docAuthority></p>` : '',
    `<p class="title"><docTitle>${esc(title)}</docTitle></p>`,
    meeting.date ? `<p class="date"><docDate date="${esc(date)}">${esc(meeting.date)}</docDate></p>` : '',
    meeting.venue ? `<p class="venue"><location refersTo="#venue">${esc(meeting.venue)}</location></p>` : '',
    approvalLine ? `<p class="status"><docStatus>${esc(approvalLine)}</docStatus></p>` : '',
  ]
    .filter(Boolean)
    .join('\n      ');

  return `<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="${AKN_NAMESPACE}">
  <debateReport name="meetingReport">
    <meta>
      <identification source="#accord">
        <FRBRWork>
          <FRBRthis value="${esc(work)}/!main"/>
          <FRBRuri value="${esc(work)}"/>
          <FRBRdate date="${date}" name="meeting"/>
          <FRBRauthor href="#secretariat"/>
          <FRBRcountry value="un"/>
        </FRBRWork>
        <FRBRExpression>
          <FRBRthis value="${esc(expression)}/!main"/>
          <FRBRuri value="${esc(expression)}"/>
          <FRBRdate date="${options.approval ? esc(options.approval.date.slice(0, 10)) : date}" name="${options.approval ? 'approval' : 'draft'}"/>
          <FRBRauthor href="#secretariat"/>
          <FRBRlanguage language="eng"/>
        </FRBRExpression>
        <FRBRManifestation>
          <FRBRthis value="${esc(expression)}/!main.xml"/>
          <FRBRuri value="${esc(expression)}.akn"/>
          <FRBRdate date="${generated}" name="generation"/>
          <FRBRauthor href="#accord"/>
        </FRBRManifestation>
      </identification>
      <references source="#accord">
        <TLCOrganization eId="accord" href="/akn/ontology/organizations/accord" showAs="Accord"/>
        <TLCOrganization eId="secretariat" href="/akn/ontology/organizations/secretariat" showAs="Secretariat"/>${
          meeting.venue
            ? `\n        <TLCLocation eId="venue" href="/akn/ontology/locations/${esc(slug(meeting.venue))}" showAs="${esc(meeting.venue)}"/>`
            : ''
        }
      </references>
    </meta>
    <preface>
      ${preface}
    </preface>${preamble ? `\n    <preamble>\n      ${preamble}\n    </preamble>` : ''}
    <mainBody>
      ${body.join('\n      ')}
    </mainBody>
  </debateReport>
</akomaNtoso>
`;
}

/** `4` → `4`, `4 bis` → `4bis`, `4.b bis` → `bbis`: an eId part without spaces. */
const idPart = (value: string): string => value.replace(/\s+/g, '');

/** The eId an agreement or sub-item gets: `para_4`, `para_4__list_1__point_b` (what `<ref>`s point at). */
export function aknEId(item: LabelledItem): string {
  const dot = item.reference.indexOf('.');
  if (item.kind === 'agreement' || dot < 0) return `para_${idPart(item.reference)}`;
  return `para_${idPart(item.reference.slice(0, dot))}__list_1__point_${idPart(item.reference.slice(dot + 1))}`;
}

function agreementXml(agreement: NodeJSON, labels: Map<NodeJSON, LabelledItem>): string {
  const item = labels.get(agreement);
  const eId = item ? aknEId(item) : 'para_';
  const texts = paragraphs(agreement);
  const list = subItemListOf(agreement);
  const num = `<num>${esc(item?.label ?? '')}</num>`;
  if (!list || (list.content ?? []).length === 0) {
    return `<paragraph eId="${eId}">${num}<content>${texts.map(p).join('')}</content></paragraph>`;
  }
  const points = (list.content ?? []).map((sub) => {
    const subItem = labels.get(sub);
    const pointId = subItem ? aknEId(subItem) : `${eId}__list_1__point_`;
    return `<point eId="${pointId}"><num>${esc(subItem?.label ?? '')}</num><content>${paragraphs(sub).map(p).join('')}</content></point>`;
  });
  return `<paragraph eId="${eId}">${num}<list eId="${eId}__list_1"><intro>${texts.map(p).join('')}</intro>${points.join('')}</list></paragraph>`;
}

function slug(value: string): string {
  return (
    value
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'report'
  );
}
