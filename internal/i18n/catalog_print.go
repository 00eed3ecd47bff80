package i18n

// Strings of printing: the print page, the kiosk's direct printing and the PDF.
func init() {
	extend(map[string]string{
		"print.toPrinter":   "Drukuj na drukarce terminala",
		"print.noscript":    "Aby wydrukować stronę, użyj polecenia drukowania przeglądarki (Ctrl+P).",
		"print.sent":        "Wysłano do drukarki %s. Odbierz wydruk przy drukarce.",
		"print.failed":      "Nie udało się wydrukować",
		"print.failed.text": "Drukarka %s nie przyjęła wydruku. Poproś obsługę urzędu o pomoc.",
		"print.noService":   "Na tym terminalu nie działa usługa drukowania. Poproś obsługę urzędu o pomoc.",
		"print.busy":        "Poprzedni wydruk jest jeszcze wysyłany. Spróbuj ponownie za chwilę.",
		"print.page":        "strona %d",
		"print.live":        "Adres w internetowym BIP: %s",
		"print.offline":     "Wydrukowano z kopii offline biuletynu %s. Obowiązuje wersja opublikowana w internecie.",
		"print.offlineNote": "Wydrukowano z kopii offline biuletynu. Obowiązuje wersja opublikowana w internecie.",
	}, map[string]string{
		"print.toPrinter":   "Print on this terminal's printer",
		"print.noscript":    "To print the page, use your browser's print command (Ctrl+P).",
		"print.sent":        "Sent to printer %s. Collect your printout at the printer.",
		"print.failed":      "Printing failed",
		"print.failed.text": "Printer %s did not accept the printout. Please ask the office staff for help.",
		"print.noService":   "Printing does not work on this terminal. Please ask the office staff for help.",
		"print.busy":        "The previous printout is still being sent. Please try again in a moment.",
		"print.page":        "page %d",
		"print.live":        "Address in the online BIP: %s",
		"print.offline":     "Printed from the offline copy of the bulletin on %s. The version published online is the official one.",
		"print.offlineNote": "Printed from the offline copy of the bulletin. The version published online is the official one.",
	}, map[string]string{
		"print.toPrinter":   "Надрукувати на принтері терміналу",
		"print.noscript":    "Щоб надрукувати сторінку, скористайтеся командою друку браузера (Ctrl+P).",
		"print.sent":        "Надіслано на принтер %s. Заберіть роздруківку біля принтера.",
		"print.failed":      "Не вдалося надрукувати",
		"print.failed.text": "Принтер %s не прийняв документ. Зверніться по допомогу до працівників установи.",
		"print.noService":   "На цьому терміналі друк не працює. Зверніться по допомогу до працівників установи.",
		"print.busy":        "Попередній документ ще надсилається. Спробуйте ще раз за хвилину.",
		"print.page":        "сторінка %d",
		"print.live":        "Адреса в інтернет-BIP: %s",
		"print.offline":     "Надруковано з офлайн-копії бюлетеня %s. Чинною є версія, опублікована в інтернеті.",
		"print.offlineNote": "Надруковано з офлайн-копії бюлетеня. Чинною є версія, опублікована в інтернеті.",
	})
}
