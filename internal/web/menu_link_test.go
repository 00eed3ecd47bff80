package web

import (
	"testing"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

// TestMenuLinkSchemes checks that every address a link node may hold reaches
// the menu as a working href: html/template replaces a tel: or mailto: string
// it was not told is safe with "#ZgotmplZ".
func TestMenuLinkSchemes(t *testing.T) {
	tel, mail := uuid.MustParse("5d4c3b2a-1f0e-4d9c-8b7a-695847362514"), uuid.MustParse("6e5d4c3b-2a1f-4e0d-9c8b-7a6958473625")
	src := testBulletin()
	src.Nodes = append(src.Nodes,
		content.Node{ID: tel, Path: "centralne/telefon", Kind: content.KindLink, Title: "Telefon do urzędu",
			Order: 2, URL: "tel:+48768188215"},
		content.Node{ID: mail, Path: "centralne/poczta", Kind: content.KindLink, Title: "Poczta urzędu",
			Order: 3, URL: "mailto:sekretariat@testowo.example.pl"})
	groups := &src.SiteData.Groups[len(src.SiteData.Groups)-1]
	groups.Nodes = append(groups.Nodes, tel, mail)
	st := storetest.Open(t, store.Options{})
	storetest.Import(t, st, src, store.ImportOptions{})
	tests := []struct {
		name      string
		deps      Deps
		want, not []string
	}{
		{"web shell links straight", Deps{Store: st}, []string{
			`href="tel:&#43;48768188215"`, `href="mailto:sekretariat@testowo.example.pl"`,
		}, []string{"ZgotmplZ"}},
		{"kiosk goes through the address page", Deps{Store: st, Kiosk: true}, []string{
			`href="/zewnetrzny?u=tel%3A%2B48768188215"`, `href="/zewnetrzny?u=mailto%3Asekretariat%40testowo.example.pl"`,
		}, []string{"ZgotmplZ", `href="tel:`, `href="mailto:`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(newTestHandler(t, tt.deps), "/")
			if rec.Code != 200 {
				t.Fatalf("got status %d, want 200", rec.Code)
			}
			checkContains(t, "/", rec.Body.String(), tt.want, tt.not)
		})
	}
}
