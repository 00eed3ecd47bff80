package search

import (
	"bytes"
	"compress/zlib"
	"context"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

// page is one page of the relevance bulletin: a realistic page of a Polish
// town's BIP, written for this test.
type page struct {
	path, title, body string
}

// relevancePages is the bulletin the relevance suite searches: the pages a
// municipal BIP typically has, with neighbours that compete for the same
// words (two pages on waste, three on taxes, several resolutions).
var relevancePages = []page{
	{"urzad", "Urząd Miejski", "Urząd Miejski w Chojnowie obsługuje mieszkańców w sprawach administracyjnych."},
	{"urzad/kontakt", "Dane kontaktowe i godziny pracy", "Urząd Miejski, Plac Zamkowy 1, 59-225 Chojnów. Telefon sekretariatu: 76 818 80 00. Urząd pracuje od poniedziałku do piątku w godzinach 7:30–15:30, w czwartki do 17:00. Kasa urzędu jest czynna od 8:00 do 14:00."},
	{"urzad/struktura", "Struktura organizacyjna", "Wydziały: Wydział Finansowy, Wydział Gospodarki Komunalnej i Ochrony Środowiska, Wydział Organizacyjny, Referat Oświaty. Regulamin organizacyjny określa zadania komórek."},
	{"urzad/usc", "Urząd Stanu Cywilnego", "Kierownik USC sporządza akty stanu cywilnego: urodzenia, małżeństwa i zgonu, wydaje odpisy aktów i zaświadczenia. Przyjmuje oświadczenia o uznaniu ojcostwa."},
	{"urzad/usc-akt-urodzenia", "Rejestracja urodzenia dziecka", "Urodzenie dziecka zgłasza się w urzędzie stanu cywilnego w ciągu 21 dni od dnia sporządzenia karty urodzenia przez szpital. Po rejestracji rodzice otrzymują odpis aktu urodzenia oraz numer PESEL dziecka."},
	{"urzad/usc-slub", "Zawarcie związku małżeńskiego", "Osoby, które chcą zawrzeć małżeństwo, składają kierownikowi USC zapewnienie o braku przeszkód. Ślub cywilny odbywa się w sali ślubów ratusza. Opłata skarbowa za sporządzenie aktu wynosi 84 zł."},
	{"urzad/dowody", "Dowód osobisty – wydanie i wymiana", "Wniosek o wydanie dowodu osobistego składa się osobiście w urzędzie lub przez internet. Utratę lub uszkodzenie dokumentu należy niezwłocznie zgłosić; zgłoszenie utraty unieważnia dowód."},
	{"urzad/meldunek", "Zameldowanie na pobyt stały i czasowy", "Zameldowania dokonuje się w urzędzie na formularzu zgłoszenia pobytu. Ewidencja ludności prowadzona jest w rejestrze PESEL. Do zameldowania potrzebny jest dokument potwierdzający tytuł prawny do lokalu."},
	{"burmistrz", "Burmistrz Miasta", "Burmistrz kieruje bieżącymi sprawami gminy i reprezentuje ją na zewnątrz. Przyjmuje interesantów w sprawach skarg i wniosków w każdą środę od 10:00 do 16:00."},
	{"rada/sklad", "Skład Rady Miejskiej", "Rada liczy 15 radnych. Przewodniczący Rady: Jan Nowak. Lista radnych wraz z okręgami wyborczymi oraz składy komisji stałych: rewizyjnej, budżetowej, skarg, wniosków i petycji."},
	{"rada/sesje", "Sesje Rady Miejskiej – harmonogram i transmisje", "Sesje odbywają się w sali konferencyjnej ratusza. Obrady są transmitowane i nagrywane, a nagrania udostępnia się w biuletynie. Porządek obrad publikuje się na siedem dni przed sesją."},
	{"uchwaly/2024-budzet", "Uchwała Nr XII/85/2024 w sprawie uchwały budżetowej na rok 2025", "Rada Miejska uchwala budżet gminy na 2025 rok. Dochody budżetu ustala się w wysokości 62 400 000 zł, wydatki w wysokości 65 100 000 zł. Deficyt pokryty zostanie kredytem."},
	{"uchwaly/2024-odpady-stawka", "Uchwała Nr X/70/2024 w sprawie wyboru metody ustalenia opłaty za gospodarowanie odpadami komunalnymi", "Rada Miejska postanawia, że opłatę ustala się jako iloczyn liczby mieszkańców zamieszkujących nieruchomość i stawki opłaty. Uchwała wchodzi w życie po ogłoszeniu w dzienniku urzędowym województwa."},
	{"uchwaly/2024-podatek-nieruchomosci", "Uchwała Nr X/71/2024 w sprawie określenia stawek podatku od nieruchomości na 2025 rok", "Określa się roczne stawki: od gruntów związanych z działalnością gospodarczą 1,16 zł od m², od budynków mieszkalnych 1,01 zł od m² powierzchni użytkowej."},
	{"uchwaly/2023-plan-miejscowy", "Uchwała Nr LX/402/2023 w sprawie miejscowego planu zagospodarowania przestrzennego terenu przy ulicy Kolejowej", "Plan określa przeznaczenie terenów pod zabudowę mieszkaniową jednorodzinną i usługi, linie zabudowy oraz zasady obsługi komunikacyjnej."},
	{"uchwaly/2024-stypendia", "Uchwała Nr IX/60/2024 w sprawie zasad udzielania stypendiów sportowych", "Stypendia przyznaje się zawodnikom osiągającym wysokie wyniki we współzawodnictwie sportowym. Wniosek składa klub sportowy do końca stycznia."},
	{"zarzadzenia/2024-115", "Zarządzenie Nr 115/2024 Burmistrza Miasta w sprawie powołania komisji przetargowej", "Powołuje się komisję przetargową do przeprowadzenia postępowania o udzielenie zamówienia na przebudowę drogi. Przewodniczącym komisji jest kierownik referatu inwestycji."},
	{"podatki/nieruchomosci", "Podatek od nieruchomości", "Podatek płacą właściciele i użytkownicy wieczyści gruntów, budynków i budowli. Osoby fizyczne płacą w czterech ratach: do 15 marca, 15 maja, 15 września i 15 listopada. Decyzję wymiarową doręcza się do końca lutego."},
	{"podatki/rolny", "Podatek rolny i leśny", "Podatek rolny oblicza się od hektara przeliczeniowego według średniej ceny skupu żyta. Podatek leśny płaci się od powierzchni lasów wpisanych do ewidencji gruntów."},
	{"podatki/srodki-transportowe", "Podatek od środków transportowych", "Podatek płacą właściciele samochodów ciężarowych o masie od 3,5 tony, ciągników siodłowych i autobusów. Deklarację DT-1 składa się do 15 lutego."},
	{"podatki/numery-kont", "Numery rachunków bankowych", "Podatki i opłaty lokalne można wpłacać na rachunek bankowy urzędu: 12 3456 7890 0000 0000 1234 5678. W tytule przelewu należy podać numer decyzji lub imię i nazwisko podatnika."},
	{"odpady/harmonogram", "Harmonogram odbioru odpadów komunalnych na 2025 rok", "Wywóz śmieci zmieszanych odbywa się co dwa tygodnie, bioodpadów co tydzień od kwietnia do października, a papieru, szkła, metali i tworzyw sztucznych raz w miesiącu. Pojemniki należy wystawić przed posesję do 6:00."},
	{"odpady/deklaracja", "Deklaracja o wysokości opłaty za gospodarowanie odpadami komunalnymi", "Tak zwaną deklarację śmieciową właściciel nieruchomości składa w ciągu 14 dni od zamieszkania pierwszego mieszkańca. Stawka wynosi 32 zł miesięcznie od osoby. Zmianę liczby mieszkańców zgłasza się nową deklaracją."},
	{"odpady/pszok", "Punkt Selektywnej Zbiórki Odpadów Komunalnych (PSZOK)", "Do punktu mieszkańcy bezpłatnie oddają odpady wielkogabarytowe, zużyty sprzęt elektryczny i elektroniczny, opony, gruz z drobnych remontów i przeterminowane leki. Punkt jest czynny we wtorki i soboty."},
	{"jednostki/mops", "Miejski Ośrodek Pomocy Społecznej", "Ośrodek udziela pomocy społecznej osobom i rodzinom w trudnej sytuacji życiowej: przyznaje zasiłki stałe, okresowe i celowe, dodatek mieszkaniowy i energetyczny, zapewnia usługi opiekuńcze i pracę asystenta rodziny. Kierownik ośrodka przyjmuje w poniedziałki."},
	{"jednostki/mops-swiadczenia", "Świadczenia rodzinne i fundusz alimentacyjny", "Wnioski o zasiłek rodzinny z dodatkami, jednorazową zapomogę z tytułu urodzenia dziecka (becikowe) i świadczenia z funduszu alimentacyjnego przyjmuje dział świadczeń. Świadczenie wychowawcze 800 plus przyznaje ZUS."},
	{"jednostki/zlobek", "Żłobek Miejski „Słoneczko”", "Żłobek przyjmuje dzieci w wieku od 20 tygodni do 3 lat. Rekrutacja trwa w marcu; karty zgłoszenia przyjmuje dyrektor placówki. Opłata za pobyt wynosi 400 zł miesięcznie, a dzienna stawka żywieniowa 12 zł."},
	{"jednostki/przedszkole", "Przedszkole Publiczne nr 1", "Rekrutacja do przedszkola na rok szkolny 2025/2026 odbywa się elektronicznie. Pierwszeństwo mają dzieci z rodzin wielodzietnych. Przedszkole jest czynne od 6:30 do 16:30."},
	{"jednostki/biblioteka", "Miejska Biblioteka Publiczna", "Biblioteka wypożycza książki, audiobooki i czasopisma. Zapis czytelnika jest bezpłatny. Biblioteka jest otwarta od poniedziałku do piątku w godzinach 9:00–18:00 i w soboty do 13:00."},
	{"jednostki/osir", "Ośrodek Sportu i Rekreacji", "Ośrodek prowadzi krytą pływalnię, halę sportową i korty tenisowe. Cennik: bilet normalny na basen 15 zł, ulgowy 10 zł za godzinę."},
	{"jednostki/zgk", "Zakład Gospodarki Komunalnej i Mieszkaniowej", "Zakład dostarcza wodę i odbiera ścieki, zarządza mieszkaniami komunalnymi. Awarie wodociągowe i brak wody należy zgłaszać całodobowo pod numerem 994."},
	{"nabor/2025-inspektor", "Nabór na wolne stanowisko urzędnicze: inspektor do spraw zamówień publicznych", "Burmistrz ogłasza nabór. Wymagania: wykształcenie wyższe, znajomość ustawy Prawo zamówień publicznych. Dokumenty (CV, list motywacyjny) należy składać do 30 czerwca 2025 r."},
	{"nabor/2024-wyniki", "Informacja o wynikach naboru na stanowisko podinspektora do spraw księgowości", "W wyniku przeprowadzonego naboru na stanowisko podinspektora wybrana została Pani Anna Kowalska. Uzasadnienie: kandydatka spełniła wymagania i wykazała się wiedzą."},
	{"zamowienia/2025-droga", "Przetarg nieograniczony: przebudowa drogi gminnej ul. Polnej", "Zamawiający ogłasza przetarg nieograniczony na roboty budowlane. Specyfikacja warunków zamówienia dostępna jest na platformie zakupowej. Wadium: 20 000 zł. Termin składania ofert: 14 marca 2025 r."},
	{"zamowienia/2025-oswietlenie", "Zapytanie ofertowe: modernizacja oświetlenia ulicznego", "Przedmiotem zamówienia jest wymiana 240 opraw oświetlenia ulicznego na oprawy LED wraz z systemem sterowania. Oferty należy składać mailowo."},
	{"zamowienia/plan", "Plan postępowań o udzielenie zamówień publicznych na 2025 rok", "Plan obejmuje przewidywane postępowania na dostawy, usługi i roboty budowlane, których wartość przekracza 130 000 zł."},
	{"budzet/2025", "Budżet Miasta na 2025 rok", "Najważniejsze wydatki budżetu: oświata, drogi, gospodarka odpadami. Wieloletnia prognoza finansowa obejmuje lata 2025–2035."},
	{"budzet/sprawozdania", "Sprawozdania finansowe i z wykonania budżetu", "Publikujemy sprawozdania z wykonania budżetu za kolejne lata, bilans jednostki oraz sprawozdania Rb-27S i Rb-28S."},
	{"ogloszenia/wybory", "Wybory do Parlamentu Europejskiego – obwodowe komisje wyborcze", "Informacja o numerach i granicach obwodów głosowania oraz siedzibach obwodowych komisji wyborczych. Lokale wyborcze przystosowane do potrzeb wyborców niepełnosprawnych oznaczono."},
	{"ogloszenia/ostrzezenie", "Ostrzeżenie meteorologiczne – silny wiatr", "Instytut Meteorologii i Gospodarki Wodnej ostrzega przed silnym wiatrem o prędkości do 90 km/h. Centrum zarządzania kryzysowego prosi o zabezpieczenie mienia."},
	{"ogloszenia/konsultacje", "Konsultacje społeczne programu współpracy", "Zapraszamy organizacje pozarządowe do konsultacji społecznych projektu programu współpracy na 2025 rok. Uwagi można zgłaszać na formularzu do 31 października."},
	{"mienie/sprzedaz", "Przetarg na sprzedaż nieruchomości gruntowej przy ul. Leśnej", "Burmistrz ogłasza przetarg ustny nieograniczony na sprzedaż nieruchomości niezabudowanej – działka nr 123/4 o powierzchni 0,0850 ha. Cena wywoławcza 95 000 zł."},
	{"mienie/dzierzawa", "Wykaz nieruchomości przeznaczonych do dzierżawy", "Wykaz obejmuje grunty rolne i tereny pod ogródki przydomowe przeznaczone do oddania w dzierżawę na okres do trzech lat."},
	{"oswiata/dowozy", "Dowóz uczniów niepełnosprawnych do szkół", "Gmina zapewnia bezpłatny transport uczniów niepełnosprawnych do najbliższej szkoły albo zwraca rodzicom koszty przejazdu prywatnym samochodem."},
	{"zdrowie/alkohol", "Zezwolenia na sprzedaż napojów alkoholowych", "Zezwolenie na sprzedaż alkoholu wydaje Burmistrz po zaopiniowaniu przez gminną komisję rozwiązywania problemów alkoholowych. Opłatę za korzystanie z zezwolenia wnosi się w trzech ratach."},
	{"srodowisko/wycinka", "Zezwolenie na usunięcie drzew i krzewów", "Wycinka drzew na nieruchomości wymaga zezwolenia lub zgłoszenia. Do wniosku dołącza się rysunek z lokalizacją drzew i zgodę właściciela nieruchomości."},
	{"srodowisko/azbest", "Dofinansowanie usuwania wyrobów zawierających azbest", "Właściciele budynków mogą otrzymać dofinansowanie kosztów demontażu, transportu i unieszkodliwienia pokryć dachowych. Wnioski o dofinansowanie usunięcia przyjmuje wydział ochrony środowiska."},
	{"dzialalnosc/ceidg", "Rejestracja działalności gospodarczej w CEIDG", "Założenie firmy jednoosobowej jest bezpłatne. Wniosek o wpis do Centralnej Ewidencji i Informacji o Działalności Gospodarczej składa się przez internet lub w urzędzie."},
	{"petycje", "Petycje – rejestr i sposób załatwienia", "Publikujemy petycje złożone do Rady Miejskiej i Burmistrza wraz z informacją o przebiegu postępowania i sposobie załatwienia."},
	{"dostep-do-informacji", "Udostępnianie informacji publicznej na wniosek", "Informacja publiczna, która nie została udostępniona w biuletynie, jest udostępniana na wniosek bez zbędnej zwłoki, nie później niż w ciągu 14 dni. Wniosek można złożyć pisemnie lub mailowo."},
	{"kontrole", "Kontrole zewnętrzne w urzędzie", "Wyniki kontroli przeprowadzonych przez Regionalną Izbę Obrachunkową (RIO), Najwyższą Izbę Kontroli i inne organy wraz z wystąpieniami pokontrolnymi."},
	{"oswiadczenia", "Oświadczenia majątkowe", "Oświadczenia o stanie majątkowym radnych, burmistrza, kierowników jednostek organizacyjnych i pracowników urzędu za kolejne lata."},
	{"cmentarz", "Cmentarz komunalny – regulamin i opłaty", "Regulamin cmentarza oraz cennik opłat za miejsce grzebalne, przedłużenie prawa do grobu i korzystanie z kaplicy."},
	{"transport", "Rozkład jazdy komunikacji miejskiej", "Autobusy linii 1 i 2 kursują w dni robocze od 5:00 do 22:00. Bilet jednorazowy kosztuje 3 zł, miesięczny 60 zł."},
	{"dotacje-ngo", "Otwarty konkurs ofert na realizację zadań publicznych w 2025 roku", "Burmistrz ogłasza konkurs dla organizacji pozarządowych na wsparcie zadań z zakresu sportu, kultury i pomocy społecznej. Oferty przyjmuje się w generatorze."},
}

// budgetAttachment is the text of a compressed PDF attached to the budget
// resolution, found only through its text layer.
const budgetAttachment = "Załącznik nr 1 do uchwały budżetowej. Plan dochodów według źródeł: udziały w podatku dochodowym, subwencja oświatowa."

// bulletin is a store.Source built from pages: each page a node under the
// node of its parent path, every top-level node in the one menu group.
type bulletin struct {
	storetest.Source
}

// Site lists the top-level nodes as they are when the bulletin is imported,
// so tests may add or re-parent nodes after newBulletin.
func (b *bulletin) Site() (content.Site, error) {
	site := content.Site{Name: "BIP testowy", Owner: "Miasto Testowe"}
	grp := content.Group{Title: "URZĄD MIEJSKI"}
	for _, n := range b.Nodes {
		if n.Parent == uuid.Nil {
			grp.Nodes = append(grp.Nodes, n.ID)
		}
	}
	site.Groups = []content.Group{grp}
	return site, nil
}

// newBulletin turns pages into nodes, creating a section for every parent
// path that has no page of its own.
func newBulletin(pages []page) *bulletin {
	b := &bulletin{storetest.Source{
		Ed:    content.Edition{PublisherID: uuid.MustParse("a1b2c3d4-0000-4000-8000-000000000001"), Publisher: "Test", Sequence: 1, Created: time.Now()},
		Blobs: map[string][]byte{},
	}}
	have := map[string]bool{}
	for _, p := range pages {
		have[p.path] = true
	}
	var add func(path, title, body string, order int)
	add = func(path, title, body string, order int) {
		parent := uuid.Nil
		if i := strings.LastIndexByte(path, '/'); i >= 0 {
			pp := path[:i]
			if !have[pp] {
				have[pp] = true
				add(pp, strings.ToUpper(pp[:1])+pp[1:], "", 0)
			}
			parent = content.NodeID(pp)
		}
		at := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, len(b.Nodes)*7)
		b.Nodes = append(b.Nodes, content.Node{
			ID: content.NodeID(path), Parent: parent, Path: path, Kind: content.KindArticle, Title: title, Order: order,
			Body: "<p>" + body + "</p>",
			Meta: content.Meta{Publisher: "Urząd Miejski w Chojnowie", Author: "Anna Nowak", Published: at, Created: at, Updated: at},
		})
	}
	for i, p := range pages {
		add(p.path, p.title, p.body, i)
	}
	return b
}

// attach adds a file to the node at path.
func (b *bulletin) attach(path, title, name, typ string, data []byte) {
	hexSum := storetest.SHA256(data)
	b.Blobs[hexSum] = data
	for i := range b.Nodes {
		if b.Nodes[i].Path == path {
			b.Nodes[i].Attachments = append(b.Nodes[i].Attachments, content.Attachment{
				Blob: content.Blob{SHA256: hexSum, Size: int64(len(data)), Type: typ}, Title: title, Name: name,
			})
		}
	}
}

// flatePDF is a minimal PDF whose one content stream is Flate-compressed and
// shows text with Tj.
func flatePDF(text string) []byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	io.WriteString(zw, "BT /F1 12 Tf 72 712 Td ("+pdfEscape(text)+") Tj ET")
	zw.Close()
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n1 0 obj\n<< /Length " + strconv.Itoa(z.Len()) + " /Filter /FlateDecode >>\nstream\n")
	b.Write(z.Bytes())
	b.WriteString("\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n")
	return b.Bytes()
}

func pdfEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s)
}

// openIndexed imports src with the search indexer into a new store.
func openIndexed(t testing.TB, src store.Source) *store.Store {
	t.Helper()
	st := storetest.Open(t, store.Options{})
	storetest.Import(t, st, src, store.ImportOptions{Indexers: []store.Indexer{NewIndexer(nil)}})
	return st
}

// search runs one query against the current generation.
func search(t testing.TB, st *store.Store, s *Searcher, q Query) Results {
	t.Helper()
	var res Results
	err := st.Read(func(rd *store.Reader) (err error) {
		res, err = s.Search(context.Background(), rd, q)
		return err
	})
	if err != nil {
		t.Fatalf("search %q: %v", q.Text, err)
	}
	return res
}
