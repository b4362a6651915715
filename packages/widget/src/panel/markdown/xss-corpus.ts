// Hostile Markdown that must render inertly: shared by the happy-dom safety test and the real
// Chromium test. Written for this project from the well-known families of XSS payloads.

const handWritten = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="window.__aideXss=1">',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror=alert(1) src>">',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="https://ok.example" onclick="alert(1)">click</a>',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror="alert(1)">',
  '<audio src=x onerror=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<marquee onstart=alert(1)>',
  '<style>@import "https://evil.example/x.css";</style>',
  '<link rel=stylesheet href=https://evil.example/x.css>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<template><script>alert(1)</script></template>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<x onmouseover=alert(1)>hover</x>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](  javascript:alert(1)  )',
  '[click](java\tscript:alert(1))',
  '[click](java\u0000script:alert(1))',
  '[click](\u0001javascript:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](&#x6A;avascript:alert(1))',
  '[click](javascript&#58;alert(1))',
  '[click](javascript&colon;alert(1))',
  '[click](javas&#99;ript:alert(1))',
  '[click](<javascript:alert(1)>)',
  '[click](javascript:alert(1) "title")',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](DATA:text/html,<script>alert(1)</script>)',
  '[click](vbscript:msgbox(1))',
  '[click](VBScript:msgbox(1))',
  '[click](file:///etc/passwd)',
  '[click](//evil.example)',
  '[click](/relative/path)',
  '[click](http://plain-http.example)',
  '[click](https:javascript:alert(1))',
  '[click](https:/\\evil.example)',
  '[x](https://ok.example"onmouseover="alert(1))',
  "[x](https://ok.example'onmouseover='alert(1))",
  '[x](https://ok.example "a" onmouseover="alert(1)")',
  '[x](https://ok.example) onmouseover="alert(1)"',
  '[[x](javascript:alert(1))](https://ok.example)',
  '[x](https://ok.example)(javascript:alert(1))',
  '[![img](javascript:alert(1))](https://ok.example)',
  '![img](javascript:alert(1))',
  '![img](https://evil.example/track.png)',
  '![x" onerror="alert(1)](https://ok.example/x.png)',
  '[a](https://ok.example/<script>alert(1)</script>)',
  '[a]( https://ok.example/ onclick=alert(1) )',
  '[**a**](javascript:alert(1))',
  '[`a`](javascript:alert(1))',
  '<javascript:alert(1)>',
  '<JAVASCRIPT:alert(1)>',
  '<data:text/html,<script>alert(1)</script>>',
  '<vbscript:msgbox(1)>',
  '<https://ok.example/"onmouseover="alert(1)>',
  '<mailto:a@b.example?body=<script>alert(1)</script>>',
  'javascript:alert(1)',
  'https://ok.example/"><script>alert(1)</script>',
  'https://ok.example/<img src=x onerror=alert(1)>',
  '`<script>alert(1)</script>`',
  '```\n<script>alert(1)</script>\n```',
  '```html onload=alert(1)\n<img src=x onerror=alert(1)>\n```',
  '> <script>alert(1)</script>',
  '> [x](javascript:alert(1))',
  '- <img src=x onerror=alert(1)>\n- [x](javascript:alert(1))',
  '1. <svg onload=alert(1)>',
  '**<script>alert(1)</script>**',
  '*<img src=x onerror=alert(1)>*',
  '_<iframe src=javascript:alert(1)>_',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '\\<script>alert(1)\\</script>',
  '<<script>script>alert(1)<</script>/script>',
  '<scri\npt>alert(1)</script>',
  '<img\nsrc=x\nonerror=alert(1)>',
  '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)">x</a>',
  '<a href=" &#14;  javascript:alert(1)">x</a>',
  '[x](\u200Bjavascript:alert(1))',
  '[x](javascript\u2028:alert(1))',
  '[x](ja\\vascript:alert(1))',
  '[x](javascript\\:alert(1))',
  '<img src=`x` onerror=alert(1)>',
  '<img """><script>alert(1)</script>">',
  '<svg/onload=alert(1)>',
  '<body/onload=alert(1)>',
  '<isindex type=image src=1 onerror=alert(1)>',
  '<keygen autofocus onfocus=alert(1)>',
  '<select autofocus onfocus=alert(1)>',
  '<textarea autofocus onfocus=alert(1)>',
  '<xss id=x tabindex=1 onfocus=alert(1)></xss>',
  '<table background="javascript:alert(1)">',
  '<frameset onload=alert(1)>',
];

const schemes = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  ' javascript:alert(1)',
  'jav&#x09;ascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'javascript://%0aalert(1)',
];

const generated = schemes.flatMap((url) => [
  `[x](${url})`,
  `<${url}>`,
  `[x](<${url}>)`,
  `> - **[x](${url})**`,
]);

export const xssCorpus: readonly string[] = [...handWritten, ...generated];

/** The only elements the renderer may produce (plus the wrapper's div). */
export const allowedElements = new Set([
  'div',
  'p',
  'br',
  'em',
  'strong',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'a',
  'blockquote',
]);

/** Allowed attributes per element. */
export const allowedAttributes: Record<string, readonly string[]> = {
  div: ['class', 'dir'],
  a: ['href', 'target', 'rel'],
  ol: ['start'],
};

/** Returns a description of every disallowed element, attribute or URL under `root`. */
export function findViolations(root: Element): string[] {
  const violations: string[] = [];
  for (const element of root.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    if (!allowedElements.has(tag)) {
      violations.push(`element <${tag}>`);
    }
    for (const attribute of element.attributes) {
      if (!(allowedAttributes[tag] ?? []).includes(attribute.name)) {
        violations.push(`attribute ${attribute.name} on <${tag}>`);
      }
    }
    if (tag === 'a') {
      const href = element.getAttribute('href') ?? '';
      const protocol = URL.canParse(href) ? new URL(href).protocol : 'unparseable:';
      if (protocol !== 'https:' && protocol !== 'mailto:') {
        violations.push(`link to ${href}`);
      }
      if (element.getAttribute('rel') !== 'noopener noreferrer nofollow') {
        violations.push('link without rel');
      }
    }
  }
  return violations;
}
