import type { MessageKey } from './fr';

// A small ICU-like message format, enough for a support widget and small enough to ship:
//   {name}                                   a parameter, inserted as is
//   {count, plural, =0 {…} one {…} other {…}}  plural rules of the locale (Intl.PluralRules);
//                                            `#` inside is the number, formatted for the locale
//   {value, select, a {…} other {…}}          a choice on a parameter's value
//   {@ticket} {@Ticket} {@ticket.other} {@ticket.definite} {@ticket.indefinite}
//                                            the vendor's word for a term (capitalised when the
//                                            term name is), read from `term.<name>.<form>`
//   {@ticket.gender, select, feminine {…} other {…}}   agreement with the term's gender
// Braces are always syntax (no messages need literal braces). Apostrophes are plain text, as
// French needs them everywhere.

/** Grammatical gender of a term, for agreement in languages that need it. */
export type TermGender = 'masculine' | 'feminine' | 'neuter';

/**
 * The forms of a vendor's word in one language. Articles default from the gender for French,
 * Spanish and English (`la demande`, `l'incident`, `el ticket`, `an issue`); give them when the
 * default would be wrong.
 */
export interface TermForms {
  one: string;
  other: string;
  gender?: TermGender;
  definite?: string;
  indefinite?: string;
}

export type MessageParams = Readonly<Record<string, string | number>>;

export interface TranslatorOptions<Key extends string = MessageKey> {
  /** BCP 47 locale (`fr`, `fr-CA`, `en-GB`, `es`): plural rules and number formatting. */
  locale: string;
  /** The catalog of the locale (`fr`, or `en`/`es` from their own entries), possibly merged with other keys. */
  messages: Readonly<Record<Key, string>>;
  /** The vendor's own strings: any key, built-in or new, wins over `messages` and `terms`. */
  overrides?: Readonly<Record<string, string | undefined>>;
  /** The vendor's words (`{ ticket: { one: 'ticket', other: 'tickets', gender: 'masculine' } }`). */
  terms?: Readonly<Record<string, TermForms>>;
}

/** Translates a key. Unknown keys come back as the key itself, so a gap is visible, not blank. */
export interface Translator<Key extends string = MessageKey> {
  (key: Key | (string & Record<never, never>), params?: MessageParams): string;
  readonly locale: string;
  /** Whether a key has a message (in the catalog, the terms or the overrides). */
  has(key: string): boolean;
}

type Node =
  | string
  | { kind: 'argument'; name: string }
  | { kind: 'number' }
  | { kind: 'plural' | 'select'; name: string; options: ReadonlyMap<string, Node[]> };

const argumentName = /^@?[A-Za-z_][\w.]*$/;

/**
 * Parses a message into its parts; throws a SyntaxError that says where the message is wrong.
 * Exposed for tests and tooling that check catalogs.
 *
 * @example
 * compileMessage('{count, plural, one {# demande} other {# demandes}}');
 */
export function compileMessage(source: string): Node[] {
  let index = 0;
  const fail = (problem: string): never => {
    throw new SyntaxError(`${problem} at ${index} in message ${JSON.stringify(source)}`);
  };
  const readUntil = (stop: RegExp): string => {
    const start = index;
    while (index < source.length && !stop.test(source.charAt(index))) {
      index++;
    }
    return source.slice(start, index);
  };
  const skipSpaces = (): void => {
    while (/\s/.test(source.charAt(index))) {
      index++;
    }
  };

  const placeholder = (inPlural: boolean): Node => {
    index++; // '{'
    const name = readUntil(/[,}]/).trim();
    if (!argumentName.test(name)) {
      fail(`invalid argument name ${JSON.stringify(name)}`);
    }
    if (source.charAt(index) === '}') {
      index++;
      return { kind: 'argument', name };
    }
    if (index >= source.length) {
      fail('missing }');
    }
    index++; // ','
    const type = readUntil(/[,}]/).trim();
    if (type !== 'plural' && type !== 'select') {
      fail(`unknown argument type ${JSON.stringify(type)}`);
    }
    if (source.charAt(index) !== ',') {
      fail('missing options');
    }
    index++;
    const options = new Map<string, Node[]>();
    for (;;) {
      skipSpaces();
      if (index >= source.length) {
        fail('missing }');
      }
      if (source.charAt(index) === '}') {
        index++;
        break;
      }
      const selector = readUntil(/[\s{}]/);
      skipSpaces();
      if (selector === '' || source.charAt(index) !== '{') {
        fail('expected an option like `other {…}`');
      }
      index++;
      options.set(selector, message(type === 'plural' || inPlural, true));
      index++; // the option's '}'
    }
    if (!options.has('other')) {
      fail('an `other` option is required');
    }
    return { kind: type as 'plural' | 'select', name, options };
  };

  const message = (inPlural: boolean, nested: boolean): Node[] => {
    const nodes: Node[] = [];
    let text = '';
    while (index < source.length) {
      const character = source.charAt(index);
      if (character === '}') {
        if (!nested) {
          fail('unexpected }');
        }
        break;
      }
      if (character === '{' || (character === '#' && inPlural)) {
        if (text !== '') {
          nodes.push(text);
          text = '';
        }
        if (character === '{') {
          nodes.push(placeholder(inPlural));
        } else {
          nodes.push({ kind: 'number' });
          index++;
        }
        continue;
      }
      text += character;
      index++;
    }
    if (nested && index >= source.length) {
      fail('missing }');
    }
    if (text !== '') {
      nodes.push(text);
    }
    return nodes;
  };

  return message(false, false);
}

const vowel = /^[aeiouyàâäéèêëîïôöùûüœæ]/i;

/** Messages for a term's forms, with articles derived where the caller gave none. */
function termMessages(name: string, forms: TermForms, language: string): Record<string, string> {
  const grammatical = language === 'fr' || language === 'es';
  const gender = forms.gender ?? (grammatical ? 'masculine' : 'neuter');
  const feminine = gender === 'feminine';
  let definite = forms.one;
  let indefinite = forms.one;
  if (language === 'fr') {
    definite = vowel.test(forms.one) ? `l'${forms.one}` : `${feminine ? 'la' : 'le'} ${forms.one}`;
    indefinite = `${feminine ? 'une' : 'un'} ${forms.one}`;
  } else if (language === 'es') {
    definite = `${feminine ? 'la' : 'el'} ${forms.one}`;
    indefinite = `${feminine ? 'una' : 'un'} ${forms.one}`;
  } else if (language === 'en') {
    definite = `the ${forms.one}`;
    indefinite = `${vowel.test(forms.one) ? 'an' : 'a'} ${forms.one}`;
  }
  return {
    [`term.${name}.one`]: forms.one,
    [`term.${name}.other`]: forms.other,
    [`term.${name}.gender`]: gender,
    [`term.${name}.definite`]: forms.definite ?? definite,
    [`term.${name}.indefinite`]: forms.indefinite ?? indefinite,
  };
}

/** `fr_FR` (as some back-ends write it) becomes `fr-FR`; anything else invalid is refused. */
function canonicalLocale(locale: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(locale.replaceAll('_', '-'));
    if (canonical !== undefined) {
      return canonical;
    }
  } catch {
    // Reported below with the value that was given.
  }
  throw new RangeError(`createTranslator: ${JSON.stringify(locale)} is not a BCP 47 locale tag`);
}

// A term whose forms refer to terms again must end somewhere.
const maxTermDepth = 8;

/**
 * A translator for one locale, with the vendor's overrides and terms applied.
 *
 * @example
 * const t = createTranslator({ locale: 'fr', messages: fr, terms: { ticket: { one: 'ticket', other: 'tickets', gender: 'masculine' } } });
 * t('action.close'); // 'Fermer le ticket'
 * t('term.ticket.count', { count: 3 }); // '3 tickets'
 */
export function createTranslator<Key extends string = MessageKey>(
  options: TranslatorOptions<Key>,
): Translator<Key> {
  const locale = canonicalLocale(options.locale);
  const language = locale.toLowerCase().split('-')[0] ?? locale;
  const dictionary = new Map<string, string>(Object.entries(options.messages));
  for (const [name, forms] of Object.entries(options.terms ?? {})) {
    for (const [key, value] of Object.entries(termMessages(name, forms, language))) {
      dictionary.set(key, value);
    }
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value !== undefined) {
      dictionary.set(key, value);
    }
  }

  const pluralRules = new Intl.PluralRules(locale);
  const numberFormat = new Intl.NumberFormat(locale);
  const compiled = new Map<string, Node[] | null>();

  const nodesOf = (key: string): Node[] | null | undefined => {
    const source = dictionary.get(key);
    if (source === undefined) {
      return undefined;
    }
    let nodes = compiled.get(key);
    if (nodes === undefined) {
      try {
        nodes = compileMessage(source);
      } catch {
        // A broken vendor string is shown as written rather than breaking the widget.
        nodes = null;
      }
      compiled.set(key, nodes);
    }
    return nodes;
  };

  const term = (reference: string, depth: number): string => {
    const [rawName = '', form = 'one'] = reference.slice(1).split('.');
    const capitalised = rawName !== rawName.toLowerCase();
    const name = rawName.charAt(0).toLowerCase() + rawName.slice(1);
    const text = message(`term.${name}.${form}`, {}, depth + 1);
    return capitalised ? text.charAt(0).toLocaleUpperCase(locale) + text.slice(1) : text;
  };

  const argumentValue = (
    name: string,
    params: MessageParams,
    depth: number,
  ): string | number | undefined => (name.startsWith('@') ? term(name, depth) : params[name]);

  const render = (
    nodes: readonly Node[],
    params: MessageParams,
    count: number | undefined,
    depth: number,
  ): string => {
    let output = '';
    for (const node of nodes) {
      if (typeof node === 'string') {
        output += node;
        continue;
      }
      switch (node.kind) {
        case 'argument': {
          const value = argumentValue(node.name, params, depth);
          output += value === undefined ? `{${node.name}}` : String(value);
          break;
        }
        case 'number':
          output += count === undefined ? '#' : numberFormat.format(count);
          break;
        case 'plural': {
          const value = Number(argumentValue(node.name, params, depth));
          const branch = Number.isFinite(value)
            ? (node.options.get(`=${value}`) ?? node.options.get(pluralRules.select(value)))
            : undefined;
          const chosen = branch ?? node.options.get('other') ?? [];
          output += render(chosen, params, Number.isFinite(value) ? value : count, depth);
          break;
        }
        case 'select': {
          const value = String(argumentValue(node.name, params, depth));
          const chosen = node.options.get(value) ?? node.options.get('other') ?? [];
          output += render(chosen, params, count, depth);
          break;
        }
        default:
          node satisfies never;
      }
    }
    return output;
  };

  const message = (key: string, params: MessageParams, depth: number): string => {
    if (depth > maxTermDepth) {
      return key;
    }
    const nodes = nodesOf(key);
    if (nodes === undefined) {
      return key;
    }
    if (nodes === null) {
      return dictionary.get(key) ?? key;
    }
    return render(nodes, params, undefined, depth);
  };

  const translate = (key: string, params: MessageParams = {}): string => message(key, params, 0);
  return Object.assign(translate, {
    locale,
    has: (key: string): boolean => dictionary.has(key),
  });
}
