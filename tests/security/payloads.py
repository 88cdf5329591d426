"""A corpus of stored-XSS payloads. Each one, if it ever ran, would set `window.__xss`.

Collected from the usual families: script tags, event handlers, javascript: URLs, SVG and
MathML vectors, attribute and JSON breakouts, template syntax, and htmx attributes (htmx would
act on injected hx-* markup even where a CSP blocks scripts).
"""

MARK = "window.__xss=1"

PAYLOADS = [
    f"<script>{MARK}</script>",
    f'"><script>{MARK}</script>',
    f"'><script>{MARK}</script>",
    f"</script><script>{MARK}</script>",
    f"</textarea><script>{MARK}</script>",
    f"</title><script>{MARK}</script>",
    f'<img src=x onerror="{MARK}">',
    f"<img src=x onerror={MARK}>",
    f"<svg onload={MARK}>",
    f"<svg><script>{MARK}</script></svg>",
    f'<svg><a xlink:href="javascript:{MARK}"><text x="20" y="20">x</text></a></svg>',
    f"<body onload={MARK}>",
    f'<iframe src="javascript:{MARK}"></iframe>',
    f'<iframe srcdoc="<script>{MARK}</script>"></iframe>',
    f'<a href="javascript:{MARK}">click</a>',
    f"javascript:{MARK}",
    f"<details open ontoggle={MARK}>",
    f"<input autofocus onfocus={MARK}>",
    f"<video><source onerror={MARK}></video>",
    f"<audio src=x onerror={MARK}>",
    f'<object data="javascript:{MARK}"></object>',
    f'<embed src="javascript:{MARK}">',
    f"<marquee onstart={MARK}>x</marquee>",
    f'<math><mtext><table><mglyph><style><img src=x onerror="{MARK}">',
    f'<!--<img src="--><img src=x onerror={MARK}//">',
    f'<form action="javascript:{MARK}"><button>go</button></form>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{MARK}">',
    f'<div hx-get="/" hx-trigger="load" hx-swap="none" hx-on:htmx:after:request="{MARK}">x</div>',
    '<button hx-post="/accounts/logout/" hx-trigger="load">x</button>',
    f'<div data-hx-on:click="{MARK}">x</div>',
    f'"}});{MARK};//',
    f"\u2028\u2029</script><script>{MARK}</script>",
    "{{ 7*7 }}{% debug %}",
    f"<style>@import url(javascript:{MARK});</style>",
    f'<base href="javascript:{MARK}//">',
    f"<template><img src=x onerror={MARK}></template>",
    f'<noscript><p title="</noscript><img src=x onerror={MARK}>">',
]
