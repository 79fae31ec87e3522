// A small XML well-formedness parser for the benchmark chart's tests (the project has no XML dependency, and
// the chart uses a plain subset: a declaration, elements, attributes in double quotes, text, the five predefined
// entities and numeric character references). It throws on anything a browser's XML parser would reject there.

export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  /** The element's own text, entities decoded (children's text not included). */
  text: string
}

const NAME = /^[A-Za-z_][\w.:-]*/
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`raw "<" in ${where}`)
  return raw.replace(/&([^;\s&]*);?/g, (match, entity: string) => {
    if (!match.endsWith(';')) throw new Error(`bare "&" in ${where}: ${JSON.stringify(match)}`)
    if (entity in ENTITIES) return ENTITIES[entity] as string
    const numeric = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(entity)
    if (numeric?.[1]) return String.fromCodePoint(Number(numeric[1].startsWith('x') ? `0${numeric[1]}` : numeric[1]))
    throw new Error(`unknown entity &${entity}; in ${where}`)
  })
}

/** Parses `xml`; returns its root element or throws with what is wrong and where. */
export function parseXml(xml: string): XmlElement {
  let at = 0
  const fail = (message: string): never => {
    throw new Error(`${message} at offset ${at}: ${JSON.stringify(xml.slice(at, at + 60))}`)
  }
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>')
    if (end < 0) fail('unterminated XML declaration')
    at = end + 2
  }
  const stack: XmlElement[] = []
  let root: XmlElement | undefined

  while (at < xml.length) {
    const next = xml.indexOf('<', at)
    const textEnd = next < 0 ? xml.length : next
    const raw = xml.slice(at, textEnd)
    const open = stack.at(-1)
    if (open) open.text += decode(raw, `the text of <${open.name}>`)
    else if (raw.trim() !== '') fail('text outside the root element')
    at = textEnd
    if (next < 0) break

    if (xml.startsWith('<!--', at)) {
      const end = xml.indexOf('-->', at)
      if (end < 0) fail('unterminated comment')
      at = end + 3
    } else if (xml.startsWith('</', at)) {
      at += 2
      const name = NAME.exec(xml.slice(at))?.[0] ?? fail('closing tag without a name')
      at += name.length
      while (/\s/.test(xml[at] ?? '')) at++
      if (xml[at] !== '>') fail(`malformed closing tag </${name}`)
      at++
      const element = stack.pop()
      if (!element) fail(`closing tag </${name}> with nothing open`)
      else if (element.name !== name) fail(`</${name}> closes <${element.name}>`)
    } else {
      at++
      const name = NAME.exec(xml.slice(at))?.[0] ?? fail('tag without a name')
      at += name.length
      const element: XmlElement = { name, attributes: {}, children: [], text: '' }
      for (;;) {
        const space = /^\s*/.exec(xml.slice(at))?.[0].length ?? 0
        at += space
        if (xml.startsWith('/>', at) || xml[at] === '>') break
        if (space === 0) fail(`no space before an attribute of <${name}>`)
        const attribute = /^([A-Za-z_][\w.:-]*)="([^"]*)"/.exec(xml.slice(at)) ?? fail(`malformed attribute in <${name}>`)
        const [whole, key = '', value = ''] = attribute
        if (key in element.attributes) fail(`attribute ${key} twice in <${name}>`)
        element.attributes[key] = decode(value, `attribute ${key} of <${name}>`)
        at += whole.length
      }
      const parent = stack.at(-1)
      if (parent) parent.children.push(element)
      else if (root) fail('a second root element')
      else root = element
      if (xml.startsWith('/>', at)) at += 2
      else {
        at++
        stack.push(element)
      }
    }
  }
  if (stack.length > 0) throw new Error(`unclosed element(s): ${stack.map((element) => `<${element.name}>`).join(' ')}`)
  if (!root) throw new Error('no root element')
  return root
}

/** Every element under `root` (itself included), depth first in document order. */
export function allElements(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap(allElements)]
}
