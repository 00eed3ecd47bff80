package web

import "net/http"

// routes is the one route table. Every page path is root-relative and has no
// trailing slash: the Wails asset server rewrites responses at paths ending in "/".
func (h *handler) routes() *http.ServeMux {
	mux := http.NewServeMux()

	// Home and the bulletin's pages.
	mux.HandleFunc("GET /{$}", h.showHome)
	mux.HandleFunc("GET /p/{id}", h.showNode)
	mux.HandleFunc("GET /p/{id}/druk", h.showPrint)
	mux.HandleFunc("POST /p/{id}/druk", h.printNode)
	mux.HandleFunc("GET /p/{id}/zmiany", h.showNodeChanges)
	mux.HandleFunc("GET /p/{id}/zmiany/{index}", h.showChange)
	mux.HandleFunc("GET /p/{id}/zalacznik/{sha256}", h.showAttachmentPage)
	mux.HandleFunc("GET /menu/{id}", h.showMenuFragment)

	// The named screens of every BIP.
	mux.HandleFunc("GET /rejestr", h.showRegister)
	mux.HandleFunc("GET /mapa", h.showSiteMap)
	mux.HandleFunc("GET /statystyki", h.showStats)
	mux.HandleFunc("GET /pliki", h.showFiles)
	mux.HandleFunc("GET /instrukcja", h.showInstructions)
	mux.HandleFunc("GET /redakcja", h.showEditorial)
	mux.HandleFunc("GET /dostepnosc", h.showAccessibility)
	mux.HandleFunc("GET /szukaj", h.showSearch)
	mux.HandleFunc("GET /api/search", h.apiSearch)

	// Display settings: changing one renders the return page, never redirects.
	mux.HandleFunc("GET /ustawienia", h.showSettings)
	mux.HandleFunc("GET /ustawienia/ustaw", h.updateSettings)
	mux.HandleFunc("POST /ustawienia/ustaw", h.updateSettings)

	// External addresses.
	mux.HandleFunc("GET /zewnetrzny", h.showExternal)
	mux.HandleFunc("POST /zewnetrzny/otworz", h.openExternalURL)

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
	mux.HandleFunc("GET /pliki/{sha256}/{name}", h.serveFile)
	mux.HandleFunc("GET /logo", h.serveLogo)
	mux.HandleFunc("GET /static/{path...}", h.serveStatic)

	// Anything else is a real 404 page.
	mux.HandleFunc("/", h.showNotFound)
	return mux
}
