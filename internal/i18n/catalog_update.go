package i18n

// The footer's line about the last update check (internal/web/update_line.go).
// Each sentence is followed, for a failure or refusal, by the English cause.
func init() {
	extend(map[string]string{
		"update.line.installed": "Ostatnie sprawdzenie aktualizacji: %s, zainstalowano wydanie nr %d.",
		"update.line.unchanged": "Ostatnie sprawdzenie aktualizacji: %s, brak nowszej wersji.",
		"update.line.failed":    "Ostatnie sprawdzenie aktualizacji: %s, nie powiodło się; kolejna próba wkrótce. Przyczyna:",
		"update.line.refused":   "Ostatnie sprawdzenie aktualizacji: %s, nowa wersja została odrzucona i nie zastąpiła wyświetlanej kopii. Przyczyna:",
	}, map[string]string{
		"update.line.installed": "Last update check: %s, edition no. %d installed.",
		"update.line.unchanged": "Last update check: %s, no newer version.",
		"update.line.failed":    "Last update check: %s, failed; will try again soon. Cause:",
		"update.line.refused":   "Last update check: %s, the new version was refused and did not replace the copy shown. Cause:",
	}, map[string]string{
		"update.line.installed": "Остання перевірка оновлень: %s, встановлено випуск № %d.",
		"update.line.unchanged": "Остання перевірка оновлень: %s, новішої версії немає.",
		"update.line.failed":    "Остання перевірка оновлень: %s, не вдалася; незабаром буде нова спроба. Причина:",
		"update.line.refused":   "Остання перевірка оновлень: %s, нову версію відхилено, вона не замінила показану копію. Причина:",
	})
}
