// A small, strict, DOM-free XML reader for the ASC CDL files (.cdl, .cc, .ccc): elements,
// attributes, text, comments and the prolog; mismatched or unclosed tags are errors. Enough for
// CDL, not a general XML parser (no DTDs, no CDATA).

export interface XmlElement {
  /** Local name (a namespace prefix is dropped). */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, trimmed. */
  text: string;
}

export class XmlError extends Error {
  override readonly name = 'XmlError';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    const value = ENTITIES[entity];
    if (value === undefined) throw new XmlError(`unknown entity ${whole}`);
    return value;
  });
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);
const ATTRIBUTE = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** Parses a document and returns its root element. */
export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const texts: string[][] = [[]];
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('<', at);
    const textEnd = open < 0 ? source.length : open;
    if (textEnd > at) texts[texts.length - 1]?.push(source.slice(at, textEnd));
    if (open < 0) break;
    if (source.startsWith('<!--', open)) {
      const end = source.indexOf('-->', open + 4);
      if (end < 0) throw new XmlError('a comment is not closed');
      at = end + 3;
      continue;
    }
    if (source.startsWith('<?', open) || source.startsWith('<!', open)) {
      const end = source.indexOf('>', open);
      if (end < 0) throw new XmlError('a declaration is not closed');
      at = end + 1;
      continue;
    }
    const close = source.indexOf('>', open);
    if (close < 0) throw new XmlError('a tag is not closed (the file is cut short?)');
    const tag = source.slice(open + 1, close);
    at = close + 1;
    if (tag.startsWith('/')) {
      const name = localName(tag.slice(1).trim());
      const element = stack.pop();
      const ownText = texts.pop() ?? [];
      if (!element || element === root || element.name !== name)
        throw new XmlError(`</${name}> does not close <${element?.name ?? 'nothing'}>`);
      element.text = decode(ownText.join('')).trim();
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const nameMatch = /^([\w:.-]+)/.exec(body.trim());
    if (!nameMatch?.[1]) throw new XmlError(`a tag has no name: <${tag}>`);
    const element: XmlElement = {
      name: localName(nameMatch[1]),
      attributes: {},
      children: [],
      text: '',
    };
    for (const match of body.slice(nameMatch[1].length + 1).matchAll(ATTRIBUTE)) {
      element.attributes[localName(match[1] ?? '')] = decode(match[3] ?? match[4] ?? '');
    }
    stack[stack.length - 1]?.children.push(element);
    if (!selfClosing) {
      stack.push(element);
      texts.push([]);
    }
  }
  if (stack.length > 1)
    throw new XmlError(`<${stack[stack.length - 1]?.name ?? ''}> is never closed (cut short?)`);
  const [first, ...others] = root.children;
  if (!first) throw new XmlError('no root element');
  if (others.length > 0) throw new XmlError('more than one root element');
  return first;
}

/** Every descendant (depth first) named `name`. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of element.children) {
    if (child.name === name) found.push(child);
    found.push(...descendants(child, name));
  }
  return found;
}

/** The first direct child named `name` (case-insensitive: files write SatNode and SATNode). */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  const wanted = name.toLowerCase();
  return element.children.find((item) => item.name.toLowerCase() === wanted);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
