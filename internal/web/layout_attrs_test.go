package web

import (
	"html/template"
	"testing"

	"bipkiosk/internal/i18n"
)

func TestLangAttrs(t *testing.T) {
	tests := []struct {
		lang        i18n.Lang
		content, ui template.HTMLAttr
	}{
		{i18n.Polish, "", ""},
		{i18n.English, ` lang="pl"`, ` lang="en"`},
		{i18n.Ukrainian, ` lang="pl"`, ` lang="uk"`},
	}
	for _, tt := range tests {
		l := &Layout{tr: i18n.New(tt.lang)}
		if got := l.ContentLangAttr(); got != tt.content {
			t.Errorf("%s: ContentLangAttr = %q, want %q", tt.lang, got, tt.content)
		}
		if got := l.UILangAttr(); got != tt.ui {
			t.Errorf("%s: UILangAttr = %q, want %q", tt.lang, got, tt.ui)
		}
	}
}
