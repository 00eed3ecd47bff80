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

// ToolsFolded reports whether the header's settings, bulletin links and search
// render folded (a closed <details>): in the low-vision version, whose large
// text would push the page's content below the first screen, unless the page
// is one the bulletin links name or the answer to a settings change, where
// the reader is using them. Elsewhere they render open, and on a narrow screen
// the bk-tools script folds them (ToolsFoldNarrow).
func (l *Layout) ToolsFolded() bool {
	return l.Settings.LowVision && !l.toolsInUse()
}

// ToolsFoldNarrow reports whether the script may fold the open tools on a
// narrow screen: not while the reader is using them.
func (l *Layout) ToolsFoldNarrow() bool {
	return !l.Settings.LowVision && !l.toolsInUse()
}

func (l *Layout) toolsInUse() bool {
	if l.Saved {
		return true
	}
	for _, n := range l.TopNav() {
		if n.Current {
			return true
		}
	}
	return false
}
