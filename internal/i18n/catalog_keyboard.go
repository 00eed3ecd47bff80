package i18n

// The kiosk's on-screen keyboard (osk.*; osk.said.* is what its live region
// says a key did, when focus is on the key rather than in the field) and its always-visible Home / Back /
// Start over buttons (kiosknav.*). The Szukaj key reuses search.button.
func init() {
	extend(
		map[string]string{
			"osk.toggle":         "Klawiatura",
			"osk.label":          "Klawiatura ekranowa",
			"osk.shift":          "Wielkie litery",
			"osk.space":          "Spacja",
			"osk.backspace":      "Usuń znak",
			"osk.clear":          "Wyczyść",
			"osk.toLatin":        "Litery łacińskie",
			"osk.toUkrainian":    "Litery ukraińskie",
			"osk.said.space":     "spacja",
			"osk.said.backspace": "usunięto znak",
			"osk.said.clear":     "wyczyszczono pole",

			"kiosknav.label":     "Nawigacja stanowiska",
			"kiosknav.home":      "Strona główna",
			"kiosknav.back":      "Wstecz",
			"kiosknav.startOver": "Zacznij od nowa",
		},
		map[string]string{
			"osk.toggle":         "Keyboard",
			"osk.label":          "On-screen keyboard",
			"osk.shift":          "Capital letters",
			"osk.space":          "Space",
			"osk.backspace":      "Delete letter",
			"osk.clear":          "Clear",
			"osk.toLatin":        "Latin letters",
			"osk.toUkrainian":    "Ukrainian letters",
			"osk.said.space":     "space",
			"osk.said.backspace": "letter deleted",
			"osk.said.clear":     "field cleared",

			"kiosknav.label":     "Terminal navigation",
			"kiosknav.home":      "Home",
			"kiosknav.back":      "Back",
			"kiosknav.startOver": "Start over",
		},
		map[string]string{
			"osk.toggle":         "Клавіатура",
			"osk.label":          "Екранна клавіатура",
			"osk.shift":          "Великі літери",
			"osk.space":          "Пробіл",
			"osk.backspace":      "Стерти літеру",
			"osk.clear":          "Очистити",
			"osk.toLatin":        "Латиниця",
			"osk.toUkrainian":    "Кирилиця",
			"osk.said.space":     "пробіл",
			"osk.said.backspace": "літеру стерто",
			"osk.said.clear":     "поле очищено",

			"kiosknav.label":     "Навігація терміналу",
			"kiosknav.home":      "Головна сторінка",
			"kiosknav.back":      "Назад",
			"kiosknav.startOver": "Почати спочатку",
		},
	)
}
