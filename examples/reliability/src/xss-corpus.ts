import { xssCorpus as markdownCorpus } from '@aide/widget/testing/xss-corpus';

// The hostile-content corpus of the XSS suite: payload families generated from their parts
// (breakers × script forms, elements × event handlers × attribute syntaxes, URL schemes ×
// places a URL goes, mXSS containers × escapes...), plus the widget's own Markdown corpus
// reused as it is. A payload is a function of the code it must run: each place it is put
// gets a numbered marker call, so an execution names the payload and the place by itself.

/** One hostile string, rendered with the JavaScript expression it tries to run. */
export interface XssPayload {
  /** Stable within a run: `family-index`, for example `handler-41`. */
  id: string;
  family: XssFamily;
  render(js: string): string;
}

export type XssFamily =
  | 'script'
  | 'handler'
  | 'url'
  | 'svg-mathml'
  | 'mxss'
  | 'css'
  | 'markdown'
  | 'unicode'
  | 'polyglot'
  | 'widget-markdown'
  | 'mutated';

/** Global the host page defines: a payload that runs calls it with its marker number. */
export const markerName = '__aideXss';

/**
 * The code a payload runs for a marker number. Several spellings, all without quotes or spaces
 * (so that they survive any attribute syntax), some of them dialogs: a dialog is a failure too.
 *
 * @example
 * markerCall(1203); // '__aideXss(1203)'
 */
export function markerCall(marker: number): string {
  const forms = [
    `${markerName}(${marker})`,
    `alert(${marker})`,
    `top.${markerName}(${marker})`,
    `confirm(${marker})`,
    `self[/${markerName}/.source](${marker})`,
    `prompt(${marker})`,
    `(0,${markerName})(${marker})`,
    `window.${markerName}(${marker})`,
  ];
  return forms[marker % forms.length] as string;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function decimalEntities(text: string): string {
  return [...text].map((char) => `&#${char.codePointAt(0)};`).join('');
}

function hexEntities(text: string): string {
  return [...text].map((char) => `&#x${(char.codePointAt(0) ?? 0).toString(16)};`).join('');
}

type Template = (js: string) => string;

/** Ends whatever context a string might land in before the payload proper. */
const breakers = [
  '',
  '">',
  "'>",
  '</title>',
  '</textarea>',
  '</style>',
  '</noscript>',
  '-->',
  ']]>',
  '</script>',
  '*/',
  '`>',
  '</option></select>',
];

const scriptForms: Template[] = [
  (js) => `<script>${js}</script>`,
  (js) => `<SCRIPT>${js}</SCRIPT>`,
  (js) => `<script type="module">${js}</script>`,
  (js) => `<script src="data:text/javascript,${encodeURIComponent(js)}"></script>`,
  (js) => `<script/x>${js}</script>`,
  (js) => `<script\n>${js}</script\n>`,
  (js) => `<scr<script>ipt>${js}</scr</script>ipt>`,
];

const scriptFamily: Template[] = breakers.flatMap((breaker) =>
  scriptForms.map(
    (form): Template =>
      (js) =>
        `${breaker}${form(js)}`,
  ),
);

/** Elements with what they need for the handler to fire, and the handlers worth trying. */
const handlerTargets: [element: string, attributes: string, events: string[]][] = [
  ['img', 'src=x', ['onerror']],
  ['image', 'src=x', ['onerror']],
  ['svg', '', ['onload']],
  ['body', '', ['onload', 'onpageshow', 'onfocus']],
  ['iframe', 'src=x', ['onload']],
  ['video', 'src=x', ['onerror', 'onloadstart']],
  ['audio', 'src=x', ['onerror']],
  ['input', 'autofocus', ['onfocus', 'onblur']],
  ['input', 'type=image src=x', ['onerror']],
  ['textarea', 'autofocus', ['onfocus']],
  ['select', 'autofocus', ['onfocus']],
  ['button', 'autofocus', ['onfocus', 'onclick']],
  ['details', 'open', ['ontoggle']],
  ['marquee', '', ['onstart']],
  ['object', 'data=x', ['onerror']],
  ['embed', 'src=x', ['onload']],
  ['a', 'href=#', ['onclick', 'onmouseover', 'onfocus']],
  ['div', 'tabindex=1', ['onfocusin', 'onmouseover', 'onanimationstart', 'onpointerenter']],
  ['x', 'contenteditable autofocus', ['onfocus', 'onbeforeinput']],
  ['style', '', ['onload']],
  ['link', 'rel=stylesheet href=x', ['onerror']],
  ['form', '', ['onsubmit']],
  ['math', '', ['onclick']],
  ['track', 'src=x default', ['onerror']],
  ['frameset', '', ['onload']],
  ['table', 'background=x', ['onmouseover']],
];

/** Ways to write one attribute: quoted, unquoted, slash- or newline-separated, upper case. */
const attributeSyntaxes: ((tag: string, rest: string, event: string, js: string) => string)[] = [
  (tag, rest, event, js) => `<${tag}${rest} ${event}=${js}>`,
  (tag, rest, event, js) => `<${tag}${rest} ${event}="${js}">`,
  (tag, rest, event, js) => `<${tag}${rest.replaceAll(' ', '/')}/${event}=${js}>`,
  (tag, rest, event, js) =>
    `<${tag.toUpperCase()}${rest.toUpperCase()}\n${event.toUpperCase()}\n=\n'${js}'>`,
];

/** Every handler in every syntax, or (sampled) each handler in every other syntax, staggered. */
function handlerFamily(sampled: boolean): Template[] {
  let pair = 0;
  return handlerTargets.flatMap(([tag, attributes, events]) =>
    events.flatMap((event) => {
      pair++;
      return attributeSyntaxes
        .filter((_, syntaxIndex) => !sampled || (pair + syntaxIndex) % 2 === 0)
        .map((syntax): Template => {
          const rest = attributes === '' ? '' : ` ${attributes}`;
          return (js) => syntax(tag, rest, event, js);
        });
    }),
  );
}

/** Dangerous URLs, spelled every way a naive check misses. */
const schemes: Template[] = [
  (js) => `javascript:${js}`,
  (js) => `JaVaScRiPt:${js}`,
  (js) => ` javascript:${js}`,
  (js) => `java\tscript:${js}`,
  (js) => `java\nscript:${js}`,
  (js) => `\u0001javascript:${js}`,
  (js) => `javascript&#58;${js}`,
  (js) => `&#106;avascript:${js}`,
  (js) => `&#x6A;avascript:${js}`,
  (js) => `&#0000106avascript:${js}`,
  (js) => `javascript&colon;${js}`,
  (js) => `%6Aavascript:${js}`,
  (js) => `\u200Bjavascript:${js}`,
  (js) => `javascript://%0a${js}`,
  (js) => `javascript:/**/${js}`,
  (js) => `${hexEntities('javascript:')}${js}`,
  (js) => `data:text/html,<script>${js}</script>`,
  (js) => `data:text/html;base64,${base64(`<script>${js}</script>`)}`,
  (js) =>
    `data:image/svg+xml;base64,${base64(`<svg xmlns="http://www.w3.org/2000/svg" onload="${js}"/>`)}`,
  (js) => `vbscript:${js}`,
  (js) => `livescript:${js}`,
];

/** Every place a URL can go, in Markdown and in HTML. */
const urlPlaces: ((url: string) => string)[] = [
  (url) => `[x](${url})`,
  (url) => `[x](<${url}>)`,
  (url) => `[x](${url} "t")`,
  (url) => `![x](${url})`,
  (url) => `<${url}>`,
  (url) => `[x][r]\n\n[r]: ${url}`,
  (url) => `[r][]\n\n[r]: <${url}> "t"`,
  (url) => `<a href="${url}">x</a>`,
  (url) => `<iframe src="${url}"></iframe>`,
  (url) => `<object data="${url}"></object>`,
  (url) => `<embed src="${url}">`,
  (url) => `<form action="${url}"><button>x</button></form>`,
  (url) => `<button form=f formaction="${url}">x</button>`,
  (url) => `<svg><a xlink:href="${url}"><text y=9>x</text></a></svg>`,
  (url) => `<math href="${url}">x</math>`,
  (url) => `<base href="${url}">`,
  (url) => `<meta http-equiv="refresh" content="0;url=${url}">`,
  (url) => `<img src="${url}">`,
];

/** Every scheme in every place, or (sampled) each scheme in every other place, staggered. */
function urlFamily(sampled: boolean): Template[] {
  return schemes.flatMap((scheme, schemeIndex) =>
    urlPlaces
      .filter((_, placeIndex) => !sampled || (schemeIndex + placeIndex) % 2 === 0)
      .map(
        (place): Template =>
          (js) =>
            place(scheme(js)),
      ),
  );
}

const svgMathFamily: Template[] = [
  (js) => `<svg><script>${js}</script></svg>`,
  (js) => `<svg><script href="data:,${js}"/></svg>`,
  (js) => `<svg><animate onbegin=${js} attributeName=x dur=1s>`,
  (js) => `<svg><set attributeName=onmouseover to=${js}>`,
  (js) => `<svg><animate attributeName=href values=javascript:${js} /><a><text y=9>x</text></a>`,
  (js) => `<svg><foreignObject><img src=x onerror=${js}></foreignObject></svg>`,
  (js) => `<svg><desc><img src=x onerror=${js}></desc></svg>`,
  (js) => `<svg><title><img src=x onerror=${js}></title></svg>`,
  (js) => `<svg><use href="data:image/svg+xml;base64,${base64(`<svg id=x onload=${js}/>`)}#x"/>`,
  (js) =>
    `<svg><handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">${js}</handler></svg>`,
  (js) => `<svg><image href=x onerror=${js} />`,
  (js) => `<svg><discard onbegin=${js} />`,
  (js) => `<svg><style>@import url(data:text/css,*{x:expression(${js})})</style></svg>`,
  (js) => `<svg xmlns="http://www.w3.org/2000/svg"><g onload="${js}"/></svg>`,
  (js) => `<svg><a><animate attributeName=href to=javascript:${js} /><text y=9>x</text></a></svg>`,
  (js) =>
    `<math><maction actiontype="statusline#" xlink:href="javascript:${js}">x</maction></math>`,
  (js) => `<math><mi xlink:href="data:x,<script>${js}</script>">x</mi></math>`,
  (js) => `<math><mtext><table><mglyph><style><img src=x onerror=${js}>`,
  (js) =>
    `<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style><img src onerror=${js}>"></style></h1>`,
  (js) =>
    `<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=${js} src=1>">`,
  (js) =>
    `<math><annotation-xml encoding="text/html"><img src=x onerror=${js}></annotation-xml></math>`,
  (js) => `<svg><foreignObject><iframe srcdoc="&lt;script&gt;${js}&lt;/script&gt;"></iframe>`,
];

/** Raw-text and foreign containers whose parsing differs on the way back in (mXSS). */
const mxssContainers = [
  'noscript',
  'template',
  'style',
  'title',
  'textarea',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'select',
  'table',
  'option',
  'plaintext',
  'svg',
  'math',
];

const mxssBreakouts: ((container: string, js: string) => string)[] = [
  (container, js) => `<${container}><img src=x onerror=${js}></${container}>`,
  (container, js) => `<${container}><p title="</${container}><img src=x onerror=${js}>">`,
  (container, js) => `<${container}><!--</${container}><img src=x onerror=${js}>-->`,
];

const mxssFamily: Template[] = [
  ...mxssContainers.flatMap((container) =>
    mxssBreakouts.map(
      (breakout): Template =>
        (js) =>
          breakout(container, js),
    ),
  ),
  (js) => `<svg></p><style><a id="</style><img src=1 onerror=${js}>">`,
  (js) => `<svg><p><style><a id="</style><img src=1 onerror=${js}>">`,
  (js) => `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${js}>`,
  (js) => `<noscript><style></noscript><img src=x onerror=${js}>`,
  (js) => `<!--><img src=x onerror=${js}>-->`,
  (js) => `<!----!><img src=x onerror=${js}>-->`,
  (js) => `<?xml version="1.0"?><img src=x onerror=${js}>`,
  (js) => `<![CDATA[><img src=x onerror=${js}>]]>`,
  (js) => `<a title="&quot;&gt;&lt;img src=x onerror=${js}&gt;">x</a>`,
  (js) => `<table><td><img src=x onerror=${js}></table>`,
];

const cssFamily: Template[] = [
  (js) => `<div style="background:url(javascript:${js})">x</div>`,
  (js) => `<div style="width:expression(${js})">x</div>`,
  (js) => `<p style="x:\\65xpression(${js})">x</p>`,
  (js) => `<div style="background-image:\\75\\72\\6c(javascript:${js})">x</div>`,
  (js) => `<style>@import 'javascript:${js}';</style>`,
  (js) => `<style>*{background:url("javascript:${js}")}</style>`,
  (js) => `<style>@keyframes k{}*{animation:k}</style><div onanimationstart=${js}>`,
  (js) => `<link rel=stylesheet href="data:text/css,*{x:expression(${js})}">`,
  (js) => `<div style="behavior:url(data:,${js})">x</div>`,
  (js) => `<div style="-moz-binding:url(data:,${js})">x</div>`,
  (js) => `<div style="background:url(&#1;javascript:${js})">x</div>`,
  (js) => `<style>a::after{content:"</style><img src=x onerror=${js}>"}</style>`,
  (js) => `<div style="position:fixed;inset:0" onmouseover=${js}>x</div>`,
  (js) => `<span style=x:expr/**/ession(${js})>x</span>`,
];

const markdownFamily: Template[] = [
  (js) => `[x](https://ok.test"onmouseover="${js})`,
  (js) => `[x](https://ok.test'onmouseover='${js})`,
  (js) => `[x](https://ok.test "a" onmouseover="${js}")`,
  (js) => `![x" onerror="${js}](https://ok.test/x.png)`,
  (js) => `![x](https://ok.test/x.png"onerror="${js})`,
  (js) => `[![x](javascript:${js})](https://ok.test)`,
  (js) => `[[x](javascript:${js})](https://ok.test)`,
  (js) => `[x](https://ok.test)(javascript:${js})`,
  (js) => `[x](javascript:${js}\\)`,
  (js) => `[x](javas\\cript:${js})`,
  (js) => `[x](&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A${js})`,
  (js) => `[x](${decimalEntities('javascript:')}${js})`,
  (js) => `[x]: javascript:${js}\n\n[x]`,
  (js) => `[x]:\n  javascript:${js}\n  "title"\n\n[x]`,
  (js) => `[x][]\n\n[X]: <javascript:${js}>`,
  (js) => `<https://ok.test/"onmouseover="${js}>`,
  (js) => `<https://ok.test/'onmouseover='${js}>`,
  (js) => `<mailto:a@ok.test?x="><img src=x onerror=${js}>>`,
  (js) => `https://ok.test/"><img src=x onerror=${js}>`,
  (js) => `www.ok.test/"><img src=x onerror=${js}>`,
  (js) => `# <img src=x onerror=${js}>`,
  (js) => `Title\n=====\n<img src=x onerror=${js}>`,
  (js) => `- [x](javascript:${js})\n  - <svg onload=${js}>`,
  (js) => `> > > [x](javascript:${js})`,
  (js) => `1) <img src=x onerror=${js}>`,
  (js) => `\`\`\`"><img src=x onerror=${js}>\n\`\`\``,
  (js) => `~~~ onload=${js}\n<script>${js}</script>\n~~~`,
  (js) => `    <script>${js}</script>`,
  (js) => `| a | <img src=x onerror=${js}> |\n|---|---|\n| [x](javascript:${js}) | b |`,
  (js) => `[^1]\n\n[^1]: <script>${js}</script>`,
  (js) => `<div>\n*<img src=x onerror=${js}>*\n</div>`,
  (js) => `**[x](javascript:${js})**`,
  (js) => `_[x](javascript:${js})_`,
  (js) => `\`[x](javascript:${js})\``,
  (js) => `[\`x\`](javascript:${js})`,
  (js) => `[x](#"onclick="${js})`,
  (js) => `[x](//ok.test/"onclick="${js})`,
  (js) => `<details><summary>x</summary><img src=x onerror=${js}></details>`,
  (js) => `- [ ] <img src=x onerror=${js}>`,
  (js) => `$$\\href{javascript:${js}}{x}$$`,
];

const unicodeFamily: Template[] = [
  (js) => `\u202e<script>${js}</script>`,
  (js) => `\u202e[kcilc](javascript:${js})`,
  (js) => `\uff1cscript\uff1e${js}\uff1c/script\uff1e`,
  (js) => `<\u0000script>${js}</script>`,
  (js) => `<scr\u0000ipt>${js}</script>`,
  (js) => `\ufeff<script>${js}</script>`,
  (js) => `<img src=x onerror\u00a0=${js}>`,
  (js) => `<img src=x\u000conerror=${js}>`,
  (js) => `<\u017fcript>${js}</\u017fcript>`,
  (js) => `<\u0131frame src=javascript:${js}>`,
  (js) => `<img src=x onerror=\u2028${js}>`,
  (js) => `<a href="\u0000javascript:${js}">x</a>`,
  (js) => `[x](\u0458avascript:${js})`,
  (js) => `[x](javascript\u2028:${js})`,
  (js) => `<img src=x one\u0301rror=${js}>`,
  (js) => `\u2066<svg onload=${js}>\u2069`,
  (js) => `\u0085<script>${js}</script>`,
  (js) => `<img src=x on\u200berror=${js}>`,
  (js) => `\ud83d\ude00<img src=x onerror=${js}>\ud83d\ude00`,
  (js) => `%3Cscript%3E${js}%3C/script%3E`,
  (js) => `%253Cscript%253E${js}%253C/script%253E`,
  (js) => `\\u003cscript\\u003e${js}\\u003c/script\\u003e`,
  (js) => `\\x3cscript\\x3e${js}\\x3c/script\\x3e`,
  (js) => `&lt;img src=x onerror=${js}&gt;`,
  (js) => `&amp;lt;script&amp;gt;${js}&amp;lt;/script&amp;gt;`,
  (js) => `${decimalEntities('<img src=x onerror=')}${js}>`,
];

const polyglotFamily: Template[] = [
  (js) =>
    `jaVasCript:/*-/*\`/*\\\`/*'/*"/**/(/* */oNcliCk=${js} )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=${js}//>\\x3e`,
  (js) => `'"--></style></script><script>${js}</script>`,
  (js) => `"'><img src=x onerror=${js}><"'`,
  (js) => `{{constructor.constructor('${js}')()}}`,
  (js) => `{{$on.constructor('${js}')()}}`,
  (js) => `\${${js}}`,
  (js) => `#{${js}}`,
  (js) => `<%= ${js} %>`,
  (js) => `{{{${js}}}}`,
  (js) => `<div v-html="'<img src=x onerror=${js}>'"></div>`,
  (js) => `<div x-html="'<img src=x onerror=${js}>'"></div>`,
  (js) => `<div ng-app ng-csp><div ng-focus="${js}" tabindex=0>x</div></div>`,
  (js) => `<img src=x:x onerror=${js}//`,
  (js) => `"><svg/onload=${js}>"@ok.test`,
  (js) => `<a href="https://ok.test" target="_top" ping="javascript:${js}">x</a>`,
  (js) => `<isindex action=javascript:${js} type=submit>`,
  (js) => `<input type=hidden accesskey=x onclick=${js}>`,
  (js) => `<iframe srcdoc="<img src=x onerror=parent.${js}>"></iframe>`,
  (js) => `<object type="text/html" data="data:text/html,<script>${js}</script>"></object>`,
  (js) => `<portal src="javascript:${js}"></portal>`,
];

/** The widget's hand-written Markdown corpus: its `alert(1)` and `msgbox(1)` carry the marker. */
const widgetFamily: Template[] = markdownCorpus.map(
  (payload): Template =>
    (js) =>
      payload.replaceAll('alert(1)', js).replaceAll('msgbox(1)', js),
);

function families(sampled: boolean): [XssFamily, Template[]][] {
  return [
    ['script', scriptFamily],
    ['handler', handlerFamily(sampled)],
    ['url', urlFamily(sampled)],
    ['svg-mathml', svgMathFamily],
    ['mxss', mxssFamily],
    ['css', cssFamily],
    ['markdown', markdownFamily],
    ['unicode', unicodeFamily],
    ['polyglot', polyglotFamily],
    ['widget-markdown', widgetFamily],
  ];
}

/**
 * Variants a sanitizer must not treat differently: tag and handler names in mixed case,
 * attribute separators other than a space, the payload inside Markdown structure, a context
 * breaker in front. Deterministic: variant `n` of a payload is always the same string.
 */
const mutations: ((payload: string) => string)[] = [
  (payload) =>
    payload.replace(/<\/?[a-z][a-z0-9-]*|\bon[a-z]+(?==)/gi, (name) =>
      [...name]
        .map((char, index) => (index % 2 ? char.toUpperCase() : char.toLowerCase()))
        .join(''),
    ),
  (payload) => payload.replace(/(<[a-z][^<>]*?) /gi, '$1\t').replace(/(<[a-z][^<>]*?) /gi, '$1\n'),
  (payload) => payload.replace(/(<[a-z][a-z0-9-]*) /gi, '$1/'),
  (payload) => `> - **${payload}**`,
  (payload) => `[${payload}](https://ok.test/)`,
  (payload) => `"><${payload}`,
  (payload) => payload.replaceAll('javascript:', 'javascript&#x3a;').replaceAll('<', '<\u200b'),
  (payload) => `${payload}\n\n${payload}`,
];

/**
 * The corpus: every family's payloads, then `mutated` variants of each when asked (stress).
 * `sampled` keeps half of the two big grids, URL scheme × place and handler × attribute syntax
 * (every scheme, place, handler and syntax still appears), for a fast tier. Payloads are
 * distinct (duplicates are dropped).
 *
 * @example
 * const corpus = xssCorpus({ sampled: false, mutatedPerPayload: 0 });
 * corpus[0].render(markerCall(0)); // '<script>__aideXss(0)</script>'
 */
export function xssCorpus(options: { sampled: boolean; mutatedPerPayload: number }): XssPayload[] {
  const seen = new Set<string>();
  const out: XssPayload[] = [];
  const add = (family: XssFamily, id: string, render: Template): void => {
    const probe = render(markerCall(0));
    if (seen.has(probe)) {
      return;
    }
    seen.add(probe);
    out.push({ id, family, render });
  };
  for (const [family, templates] of families(options.sampled)) {
    templates.forEach((template, index) => {
      add(family, `${family}-${index}`, template);
    });
  }
  const base = out.length;
  for (let index = 0; index < base; index++) {
    const payload = out[index] as XssPayload;
    for (let variant = 0; variant < options.mutatedPerPayload; variant++) {
      const mutate = mutations[(index + variant) % mutations.length] as (text: string) => string;
      add('mutated', `${payload.id}~${variant}`, (js) => mutate(payload.render(js)));
    }
  }
  return out;
}
