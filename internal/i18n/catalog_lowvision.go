package i18n

// The low-vision version's folded bulletin links (partials/header.html).
func init() {
	extend(
		map[string]string{"layout.topNavMore": "Strony biuletynu: statystyki, rejestr zmian, mapa strony…"},
		map[string]string{"layout.topNavMore": "Bulletin pages: statistics, change register, site map…"},
		map[string]string{"layout.topNavMore": "Сторінки бюлетеня: статистика, реєстр змін, мапа сайту…"},
	)
}
