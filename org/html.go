package org

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// orgMarkdown renders the report's Markdown: GFM tables, raw HTML omitted
// and unsafe link schemes dropped (goldmark's defaults), since repository
// names and providers come from outside.
var orgMarkdown = goldmark.New(goldmark.WithExtensions(extension.Table))

// HTML renders the report as one self-contained page: the Markdown report
// as HTML, with a content security policy that loads nothing.
func (r *Report) HTML() []byte {
	var body bytes.Buffer
	md := strings.ToValidUTF8(string(r.Markdown()), "\uFFFD")
	if err := orgMarkdown.Convert([]byte(md), &body); err != nil {
		body.Reset()
		fmt.Fprintf(&body, "<pre>%s</pre>\n", html.EscapeString(md))
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>tollgate organisation report: %s</title>
<style>
body { font: 14px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: .2em .6em; }
td[style*="right"], th[style*="right"] { font-variant-numeric: tabular-nums; }
</style>
</head>
<body>
`, html.EscapeString(r.Run))
	b.Write(body.Bytes())
	b.WriteString("</body>\n</html>\n")
	return b.Bytes()
}
