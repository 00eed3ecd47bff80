package web

import "net/http"

// routes is the one route table. Every page path is root-relative and has no
// trailing slash: the Wails asset server rewrites responses at paths ending in "/".
func (h *handler) routes() *http.ServeMux {
	mux := http.NewServeMux()
	// leave marks a screen outside the operator's: showing it ends the
	// terminal's operator session.
	leave := h.leavingOperator

	// Home and the bulletin's pages.
	mux.HandleFunc("GET /{$}", leave(h.showHome))
	mux.HandleFunc("GET /p/{id}", leave(h.showNode))
	mux.HandleFunc("GET /p/{id}/druk", leave(h.showPrint))
	mux.HandleFunc("POST /p/{id}/druk", leave(h.printNode))
	mux.HandleFunc("GET /p/{id}/zmiany", leave(h.showNodeChanges))
	mux.HandleFunc("GET /p/{id}/zmiany/{index}", leave(h.showChange))
	mux.HandleFunc("GET /p/{id}/zalacznik/{sha256}", leave(h.showAttachmentPage))
	mux.HandleFunc("GET /menu/{id}", h.showMenuFragment)
	mux.HandleFunc("GET "+menuScreen, leave(h.showMenuScreen))

	// The named screens of every BIP.
	mux.HandleFunc("GET /rejestr", leave(h.showRegister))
	mux.HandleFunc("GET /mapa", leave(h.showSiteMap))
	mux.HandleFunc("GET /statystyki", leave(h.showStats))
	mux.HandleFunc("GET /pliki", leave(h.showFiles))
	mux.HandleFunc("GET /instrukcja", leave(h.showInstructions))
	mux.HandleFunc("GET /redakcja", leave(h.showEditorial))
	mux.HandleFunc("GET /dostepnosc", leave(h.showAccessibility))
	mux.HandleFunc("GET "+easyToReadPath, leave(h.showEasyToRead))
	mux.HandleFunc("GET "+signLanguagePath, leave(h.showSignLanguage))
	mux.HandleFunc("GET "+signVideoPath, h.serveSignVideo)
	mux.HandleFunc("GET "+signCaptionsPath, h.serveSignCaptions)
	mux.HandleFunc("GET /szukaj", leave(h.showSearch))
	mux.HandleFunc("GET /api/search", h.apiSearch)

	// Display settings: changing one renders the return page, never redirects.
	mux.HandleFunc("GET /ustawienia", leave(h.showSettings))
	mux.HandleFunc("GET /ustawienia/ustaw", leave(h.updateSettings))
	mux.HandleFunc("POST /ustawienia/ustaw", leave(h.updateSettings))

	// External addresses.
	mux.HandleFunc("GET /zewnetrzny", leave(h.showExternal))
	mux.HandleFunc("POST /zewnetrzny/otworz", leave(h.openExternalURL))

	// Kiosk: start over for the next visitor (renders home, never redirects).
	// The idle reset also ends an operator session.
	mux.HandleFunc("GET "+kioskResetPath, h.resetKioskOperator)

	// Kiosk operator screen behind a PIN. The desktop webview keeps no
	// cookies, so the session token rides in a hidden form field: the screen
	// is only ever the answer to a POST, and any GET shows the PIN form.
	mux.HandleFunc("GET "+operatorPath, h.showOperatorPIN)
	mux.HandleFunc("POST "+operatorPath, h.operatorLogin)
	mux.HandleFunc("GET "+operatorPath+"/panel", h.showOperator)
	mux.HandleFunc("GET "+operatorPath+"/odwiedziny.csv", h.operatorCSV)
	mux.HandleFunc("POST "+operatorPath+"/zapisz", h.operatorSave)
	mux.HandleFunc("POST "+operatorPath+"/wyloguj", h.operatorLogout)
	mux.HandleFunc("POST "+operatorPath+"/zamknij", h.operatorQuit)

	// Bytes: attachments (in a kiosk, navigating to one shows its page),
	// the owner's logo, hashed static assets.
	mux.HandleFunc("GET /pliki/{sha256}/{name}", h.leavingOperatorOnNavigation(h.serveFile))
	mux.HandleFunc("GET /logo", h.serveLogo)
	mux.HandleFunc("GET /static/{path...}", h.serveStatic)

	// Speech: a short phrase (the talking kiosk).
	mux.HandleFunc("GET "+sayPath, h.saySpeech)
	// Speech: a page read aloud, a sentence at a time or whole.
	mux.HandleFunc("GET "+readPath+"/{gen}/{n}", h.readSentence)
	mux.HandleFunc("GET "+wholePath+"/{gen}", h.readWhole)

	// For a service manager or monitoring: is a bulletin installed?
	mux.HandleFunc("GET "+healthPath, h.serveHealth)

	// Anything else is a real 404 page.
	mux.HandleFunc("/", leave(h.showNotFound))
	return mux
}

// leavingOperator ends the terminal's operator session before next shows a
// page outside the operator screen: whoever stands there next must not get
// the screen back with Back.
func (h *handler) leavingOperator(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h.leaveOperator(r, "")
		next(w, r)
	}
}

// leavingOperatorOnNavigation is leavingOperator for a path that is a page
// only when navigated to (a file in a kiosk), not when a page embeds it.
func (h *handler) leavingOperatorOnNavigation(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if h.kiosk && isNavigation(r) {
			h.leaveOperator(r, "")
		}
		next(w, r)
	}
}
