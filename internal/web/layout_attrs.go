package web

import "html/template"

// ContentLangAttr is the attribute ` lang="pl"` that marks the bulletin's
// Polish text when the UI is in another language, and nothing when the UI is
// Polish. Templates write it inside a tag: <h1{{.ContentLangAttr}}>.
func (l *Layout) ContentLangAttr() template.HTMLAttr {
	lang := l.ContentLang()
	if lang == "" {
		return ""
	}
	return template.HTMLAttr(` lang="` + template.HTMLEscapeString(lang) + `"`)
}

// UILangAttr is the attribute that marks the UI's own words inside an element
// already marked as Polish bulletin text (lang="en" within lang="pl"), and
// nothing when the UI is Polish.
func (l *Layout) UILangAttr() template.HTMLAttr {
	if l.ContentLang() == "" {
		return ""
	}
	return template.HTMLAttr(` lang="` + template.HTMLEscapeString(string(l.Lang())) + `"`)
}
