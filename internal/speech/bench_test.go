package speech

import (
	"context"
	"testing"
)

// typicalArticle is a BIP article of the usual kind: a notice of the social
// welfare centre, with dates, an address, hours and a phone number.
const typicalArticle = `Miejski Ośrodek Pomocy Społecznej w Chojnowie informuje, że od dnia 2 stycznia 2024 r. wnioski o świadczenia przyjmowane są w siedzibie Ośrodka przy ul. Kościuszki 5, pok. nr 12.
Pracownicy socjalni przyjmują interesantów w godz. 7:30-15:30, a we wtorki do godz. 17:00. Informacji udziela Kierownik Ośrodka, tel. 76 818 82 02.
Zgodnie z art. 106 ust. 1 ustawy z dnia 12 marca 2004 r. o pomocy społecznej (Dz. U. z 2023 r. poz. 901) przyznanie świadczenia następuje w drodze decyzji administracyjnej. Kryterium dochodowe dla osoby samotnie gospodarującej wynosi 776,00 zł.`

// BenchmarkFirstSound is the time from "play" to the first sentence's
// audio: split and normalise the article, then synthesise its first
// sentence. Cold: an empty cache, so espeak-ng runs; warm: cached.
func BenchmarkFirstSound(b *testing.B) {
	engine := requireEspeak(b)
	ctx := context.Background()
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			svc := NewService(engine, 0)
			if _, err := svc.Audio(ctx, 1, "espeak-ng/pl", 1, svc.Sentences("pl", typicalArticle)[0]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		svc := NewService(engine, 0)
		if _, err := svc.Audio(ctx, 1, "espeak-ng/pl", 1, svc.Sentences("pl", typicalArticle)[0]); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := svc.Audio(ctx, 1, "espeak-ng/pl", 1, svc.Sentences("pl", typicalArticle)[0]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkNormalize is the normaliser alone on the whole article.
func BenchmarkNormalize(b *testing.B) {
	for b.Loop() {
		NewService(nil, 0).Sentences("pl", typicalArticle)
	}
}
