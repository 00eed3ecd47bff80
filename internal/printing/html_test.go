package printing

import (
	"reflect"
	"testing"
)

func TestBlocks(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []block
	}{
		{name: "paragraphs and headings", body: "<h2>Zadania</h2><p>Ośrodek  realizuje\n zadania.</p>",
			want: []block{{kind: blockHeading, text: "Zadania", level: 2}, {text: "Ośrodek realizuje zadania."}}},
		{name: "lists keep markers and depth", body: `<ul><li>pomoc<ol start="3"><li>zasiłki</li><li>usługi</li></ol></li></ul>`,
			want: []block{{text: "pomoc", indent: 1, prefix: "•"}, {text: "zasiłki", indent: 2, prefix: "3."}, {text: "usługi", indent: 2, prefix: "4."}}},
		{name: "table rows joined", body: "<table><thead><tr><th>Dzień</th><th>Godziny</th></tr></thead><tbody><tr><td>pon.</td><td>8–16</td></tr></tbody></table>",
			want: []block{{text: "Dzień | Godziny", bold: true}, {text: "pon. | 8–16"}}},
		{name: "external link address shown", body: `<p>Zobacz <a href="https://www.gov.pl/bip">portal</a> i <a href="/p/x">stronę</a>.</p>`,
			want: []block{{text: "Zobacz portal (https://www.gov.pl/bip) i stronę."}}},
		{name: "line breaks and quotation", body: "<blockquote><p>ul. Rynek 1<br>59-225 Chojnów</p></blockquote><hr>",
			want: []block{{text: "ul. Rynek 1\n59-225 Chojnów", indent: 1}, {kind: blockRule}}},
		{name: "image alt, no script", body: `<p><img src="/pliki/a/b.png" alt="Herb"><script>x()</script></p>`,
			want: []block{{text: "[Herb]"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := blocks(tt.body); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
