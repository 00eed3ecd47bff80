package synth

// town is a Polish town with the grammatical forms official titles need.
type town struct {
	name, gen, loc string // Chojnów, Chojnowa (genitive), Chojnowie (locative)
	voivodeship    string // genitive adjective: "Dolnośląskiego"
	slug           string
	postcode       string
}

var towns = []town{
	{"Chojnów", "Chojnowa", "Chojnowie", "Dolnośląskiego", "chojnow", "59-225"},
	{"Złotoryja", "Złotoryi", "Złotoryi", "Dolnośląskiego", "zlotoryja", "59-500"},
	{"Bolesławiec", "Bolesławca", "Bolesławcu", "Dolnośląskiego", "boleslawiec", "59-700"},
	{"Jawor", "Jawora", "Jaworze", "Dolnośląskiego", "jawor", "59-400"},
	{"Łęczyca", "Łęczycy", "Łęczycy", "Łódzkiego", "leczyca", "99-100"},
	{"Sędziszów", "Sędziszowa", "Sędziszowie", "Świętokrzyskiego", "sedziszow", "28-340"},
	{"Żuromin", "Żuromina", "Żurominie", "Mazowieckiego", "zuromin", "09-300"},
	{"Głuchołazy", "Głuchołaz", "Głuchołazach", "Opolskiego", "glucholazy", "48-340"},
	{"Brzeziny", "Brzezin", "Brzezinach", "Łódzkiego", "brzeziny", "95-060"},
	{"Pieniężno", "Pieniężna", "Pieniężnie", "Warmińsko-Mazurskiego", "pieniezno", "14-520"},
}

var maleNames = []string{"Jan", "Andrzej", "Piotr", "Krzysztof", "Stanisław", "Tomasz", "Paweł", "Józef", "Marcin", "Marek",
	"Michał", "Grzegorz", "Jerzy", "Tadeusz", "Adam", "Łukasz", "Zbigniew", "Ryszard", "Dariusz", "Henryk"}

var femaleNames = []string{"Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna", "Elżbieta", "Zofia",
	"Teresa", "Magdalena", "Joanna", "Danuta", "Halina", "Irena", "Jadwiga", "Beata", "Dorota", "Grażyna"}

// surnames holds the masculine and feminine form of each surname.
var surnames = [][2]string{
	{"Kowalski", "Kowalska"}, {"Nowak", "Nowak"}, {"Wiśniewski", "Wiśniewska"}, {"Wójcik", "Wójcik"},
	{"Kamiński", "Kamińska"}, {"Lewandowski", "Lewandowska"}, {"Zieliński", "Zielińska"}, {"Szymański", "Szymańska"},
	{"Woźniak", "Woźniak"}, {"Dąbrowski", "Dąbrowska"}, {"Kozłowski", "Kozłowska"}, {"Jankowski", "Jankowska"},
	{"Mazur", "Mazur"}, {"Krawczyk", "Krawczyk"}, {"Piotrowski", "Piotrowska"}, {"Grabowski", "Grabowska"},
	{"Pawłowski", "Pawłowska"}, {"Michalski", "Michalska"}, {"Król", "Król"}, {"Wieczorek", "Wieczorek"},
	{"Jabłoński", "Jabłońska"}, {"Wróbel", "Wróbel"}, {"Majewski", "Majewska"}, {"Żak", "Żak"}, {"Ślusarczyk", "Ślusarczyk"},
}

var roles = []string{"Sekretarz Miasta", "Skarbnik Miasta", "Kierownik Referatu Organizacyjnego", "Inspektor ds. zamówień publicznych",
	"Podinspektor ds. obsługi Rady", "Kierownik Referatu Gospodarki Komunalnej", "Inspektor ds. kadr", "Kierownik MOPS",
	"Inspektor ds. podatków i opłat", "Kierownik Urzędu Stanu Cywilnego"}

var streets = []string{"Legnicka", "Rycerska", "Młynarska", "Kościuszki", "Piłsudskiego", "Chmielna", "Źródlana", "Łąkowa",
	"Żeromskiego", "Słoneczna", "Parkowa", "Bolesława Chrobrego", "Wojska Polskiego", "Grunwaldzka", "Mickiewicza", "Śląska"}

var months = []string{"styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień",
	"październik", "listopad", "grudzień"}

var monthsGen = []string{"stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
	"października", "listopada", "grudnia"}

var resolutionSubjects = []string{
	"uchwalenia budżetu miasta na rok {Y}",
	"zmian w budżecie miasta na rok {Y}",
	"zmiany wieloletniej prognozy finansowej miasta na lata {Y}–{Y10}",
	"określenia wysokości stawek podatku od nieruchomości na rok {Y}",
	"ustalenia wysokości dziennych stawek opłaty targowej",
	"przyjęcia gminnego programu profilaktyki i rozwiązywania problemów alkoholowych na rok {Y}",
	"wyrażenia zgody na sprzedaż nieruchomości gruntowej oznaczonej jako działka nr {N}/{n}",
	"udzielenia pomocy finansowej Powiatowi na realizację zadania drogowego",
	"przyjęcia regulaminu utrzymania czystości i porządku na terenie miasta",
	"zatwierdzenia taryf za zbiorowe zaopatrzenie w wodę i zbiorowe odprowadzanie ścieków",
	"miejscowego planu zagospodarowania przestrzennego terenu przy ulicy {street}",
	"rozpatrzenia skargi na działalność Burmistrza Miasta",
	"udzielenia Burmistrzowi Miasta wotum zaufania",
	"zatwierdzenia sprawozdania finansowego wraz ze sprawozdaniem z wykonania budżetu za rok {Y1}",
	"określenia zasad udzielania dotacji celowych na prace konserwatorskie przy zabytkach",
	"przyjęcia programu opieki nad zwierzętami bezdomnymi oraz zapobiegania bezdomności zwierząt na rok {Y}",
	"ustalenia wysokości ekwiwalentu pieniężnego dla strażaków ratowników ochotniczej straży pożarnej",
	"nadania nazwy ulicy {street}",
	"zaciągnięcia pożyczki z Wojewódzkiego Funduszu Ochrony Środowiska i Gospodarki Wodnej",
	"określenia przystanków komunikacyjnych, których właścicielem jest miasto",
}

var orderSubjects = []string{
	"zmian w budżecie miasta na {Y} rok",
	"powołania komisji przetargowej",
	"ustalenia dni wolnych od pracy dla pracowników Urzędu Miejskiego w {loc}",
	"wprowadzenia regulaminu pracy Urzędu Miejskiego w {loc}",
	"ogłoszenia otwartego konkursu ofert na realizację zadań publicznych w {Y} roku",
	"przeprowadzenia inwentaryzacji składników majątku",
	"powołania zespołu interdyscyplinarnego",
	"przyjęcia planu finansowego dla zadań zleconych na {Y} rok",
	"sprzedaży lokalu mieszkalnego przy ulicy {street} {n}",
	"informacji o wykonaniu budżetu miasta za pierwsze półrocze {Y} roku",
}

var announcementTopics = []string{
	"wyłożeniu do publicznego wglądu projektu miejscowego planu zagospodarowania przestrzennego",
	"przystąpieniu do sporządzenia zmiany studium uwarunkowań i kierunków zagospodarowania przestrzennego",
	"terminie płatności raty podatku od nieruchomości",
	"zbiórce odpadów wielkogabarytowych",
	"przerwie w dostawie wody przy ulicy {street}",
	"naborze wniosków o dofinansowanie wymiany źródeł ciepła",
	"konsultacjach społecznych projektu programu współpracy z organizacjami pozarządowymi",
	"wykazie nieruchomości przeznaczonych do dzierżawy",
	"godzinach pracy Urzędu Miejskiego w okresie świątecznym",
	"sesji Rady Miejskiej w {loc}",
	"możliwości składania wniosków o dodatek mieszkaniowy",
	"ostrzeżeniu meteorologicznym przed intensywnymi opadami deszczu",
}

var works = []string{
	"przebudowę drogi gminnej ul. {street} w {loc}",
	"termomodernizację budynku Szkoły Podstawowej Nr {d}",
	"odbiór i zagospodarowanie odpadów komunalnych z terenu miasta",
	"dostawę oleju opałowego do budynków komunalnych",
	"remont chodnika przy ulicy {street}",
	"budowę oświetlenia ulicznego na osiedlu {street}",
	"świadczenie usług pocztowych dla Urzędu Miejskiego w {loc}",
	"zimowe utrzymanie dróg gminnych w sezonie {Y}/{Y1n}",
	"rewitalizację parku miejskiego",
	"dostawę sprzętu komputerowego dla Urzędu Miejskiego",
}

var positions = []string{
	"inspektor ds. zamówień publicznych w Referacie Organizacyjnym",
	"podinspektor ds. księgowości budżetowej w Referacie Finansowym",
	"inspektor ds. gospodarki nieruchomościami",
	"pomoc administracyjna w Urzędzie Stanu Cywilnego",
	"inspektor ds. ochrony środowiska",
	"podinspektor ds. wymiaru podatków i opłat lokalnych",
	"pracownik socjalny w Miejskim Ośrodku Pomocy Społecznej",
	"główny księgowy w Miejskim Zespole Obsługi Szkół",
}

var units = []string{"Miejski Ośrodek Pomocy Społecznej", "Przedszkole Miejskie Nr 1", "Przedszkole Miejskie Nr 3",
	"Szkoła Podstawowa Nr 3", "Szkoła Podstawowa Nr 4", "Miejska Biblioteka Publiczna", "Miejski Ośrodek Kultury, Sportu i Rekreacji",
	"Muzeum Regionalne", "Żłobek Miejski", "Zakład Gospodarki Komunalnej i Mieszkaniowej", "Warsztat Terapii Zajęciowej"}

var legalBases = []string{
	"art. 18 ust. 2 pkt 15 ustawy z dnia 8 marca 1990 r. o samorządzie gminnym (Dz. U. z {Y} r. poz. {N})",
	"art. 211, art. 212 i art. 258 ustawy z dnia 27 sierpnia 2009 r. o finansach publicznych (Dz. U. z {Y} r. poz. {N} z późn. zm.)",
	"art. 5 ust. 1 ustawy z dnia 12 stycznia 1991 r. o podatkach i opłatach lokalnych (Dz. U. z {Y} r. poz. {N})",
	"art. 20 ust. 1 ustawy z dnia 27 marca 2003 r. o planowaniu i zagospodarowaniu przestrzennym (Dz. U. z {Y} r. poz. {N})",
	"art. 4¹ ust. 2 ustawy z dnia 26 października 1982 r. o wychowaniu w trzeźwości i przeciwdziałaniu alkoholizmowi (Dz. U. z {Y} r. poz. {N})",
	"art. 30 ust. 1 ustawy z dnia 8 marca 1990 r. o samorządzie gminnym oraz art. 257 ustawy o finansach publicznych",
}

// sentences are the stock phrases of municipal notices.
var sentences = []string{
	"Wnioski można składać w Biurze Obsługi Klienta Urzędu Miejskiego w {loc}, parter, pokój nr {d}, w godzinach pracy urzędu.",
	"Szczegółowe informacje można uzyskać pod numerem telefonu {phone}.",
	"Dokumentacja jest dostępna do wglądu w siedzibie urzędu od poniedziałku do piątku w godzinach od 7:30 do 15:30.",
	"Postępowanie prowadzone jest w trybie podstawowym bez przeprowadzenia negocjacji.",
	"Zadanie jest współfinansowane ze środków Rządowego Funduszu Inwestycji Lokalnych.",
	"Wyniki zostaną ogłoszone na tablicy ogłoszeń Urzędu Miejskiego oraz w Biuletynie Informacji Publicznej.",
	"Uwagi do projektu należy wnosić na piśmie w terminie 21 dni od dnia ukazania się ogłoszenia.",
	"Kwota, jaką zamawiający zamierza przeznaczyć na sfinansowanie zamówienia, wynosi {amount} zł brutto.",
	"W posiedzeniu wzięło udział {d} radnych, co stanowi quorum pozwalające na podejmowanie prawomocnych uchwał.",
	"Porządek obrad obejmuje sprawozdanie z działalności Burmistrza Miasta w okresie międzysesyjnym.",
	"Administratorem danych osobowych jest Burmistrz Miasta {gen} z siedzibą w {loc} przy ulicy {street} {d}.",
	"Przetwarzanie danych odbywa się zgodnie z rozporządzeniem Parlamentu Europejskiego i Rady (UE) 2016/679.",
	"Termin składania ofert upływa dnia {date} o godzinie 10:00.",
	"Otwarcie ofert nastąpi w dniu {date} w sali posiedzeń Urzędu Miejskiego.",
	"Oferty złożone po terminie nie będą rozpatrywane.",
	"Mieszkańcy mogą zgłaszać uwagi i wnioski osobiście, pocztą lub za pośrednictwem platformy ePUAP.",
	"Zmiany w budżecie wynikają z otrzymanych decyzji Wojewody {voiv} o zwiększeniu dotacji celowych.",
	"Dochody budżetu zwiększa się o kwotę {amount} zł, a wydatki o kwotę {amount2} zł.",
	"Deficyt budżetu zostanie pokryty przychodami z tytułu wolnych środków.",
	"Na terenie miasta obowiązuje selektywna zbiórka odpadów komunalnych w podziale na pięć frakcji.",
	"Ośrodek realizuje zadania własne gminy oraz zadania zlecone z zakresu administracji rządowej.",
	"Informacja została sporządzona na podstawie danych przekazanych przez jednostki organizacyjne miasta.",
	"Opłatę należy uiścić bez wezwania na rachunek bankowy Urzędu Miejskiego w {loc}.",
	"Kandydaci spełniający wymagania formalne zostaną powiadomieni telefonicznie o terminie rozmowy kwalifikacyjnej.",
	"W miesiącu poprzedzającym datę upublicznienia ogłoszenia wskaźnik zatrudnienia osób niepełnosprawnych w urzędzie wyniósł mniej niż 6%.",
	"Wykonanie zadania przyczyni się do poprawy bezpieczeństwa ruchu drogowego i jakości życia mieszkańców.",
	"Projekt uchwały był przedmiotem obrad Komisji Budżetu i Finansów Rady Miejskiej.",
	"Od decyzji przysługuje odwołanie do Samorządowego Kolegium Odwoławczego za pośrednictwem Burmistrza Miasta.",
	"Niniejsze ogłoszenie podaje się do publicznej wiadomości przez wywieszenie na tablicy ogłoszeń na okres 21 dni.",
	"Prace będą prowadzone etapami, tak aby zapewnić dojazd do posesji położonych przy remontowanym odcinku.",
	"Za utrudnienia związane z prowadzonymi robotami przepraszamy.",
	"Rada Miejska przyjęła stanowisko w sprawie poprawy dostępności komunikacji publicznej na terenie gminy.",
}

var requirements = []string{
	"obywatelstwo polskie",
	"pełna zdolność do czynności prawnych oraz korzystanie z pełni praw publicznych",
	"wykształcenie wyższe administracyjne, ekonomiczne lub prawnicze",
	"co najmniej dwuletni staż pracy w administracji publicznej",
	"niekaralność za umyślne przestępstwo ścigane z oskarżenia publicznego",
	"nieposzlakowana opinia",
	"stan zdrowia pozwalający na zatrudnienie na stanowisku",
	"znajomość przepisów ustawy o samorządzie gminnym i Kodeksu postępowania administracyjnego",
	"umiejętność obsługi komputera i pakietu biurowego",
	"komunikatywność, samodzielność i odpowiedzialność",
}

var tasks = []string{
	"przygotowywanie i prowadzenie postępowań o udzielenie zamówień publicznych",
	"prowadzenie rejestru umów",
	"sporządzanie sprawozdań i analiz",
	"obsługa interesantów w zakresie prowadzonych spraw",
	"przygotowywanie projektów uchwał i zarządzeń",
	"prowadzenie korespondencji z instytucjami zewnętrznymi",
	"archiwizowanie dokumentacji zgodnie z instrukcją kancelaryjną",
	"współpraca z jednostkami organizacyjnymi miasta",
}

var summaries = []string{"aktualizacja treści", "dodano załącznik", "poprawa literówki", "zmiana danych kontaktowych",
	"uzupełnienie informacji", "korekta terminu składania ofert", "zmiana osoby odpowiedzialnej", "publikacja wyników"}

var budgetItems = [][2]string{
	{"600", "Transport i łączność"}, {"700", "Gospodarka mieszkaniowa"}, {"750", "Administracja publiczna"},
	{"754", "Bezpieczeństwo publiczne i ochrona przeciwpożarowa"}, {"801", "Oświata i wychowanie"},
	{"852", "Pomoc społeczna"}, {"900", "Gospodarka komunalna i ochrona środowiska"}, {"921", "Kultura i ochrona dziedzictwa narodowego"},
	{"926", "Kultura fizyczna"},
}

var romans = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
	"XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI", "XXVII", "XXVIII", "XXIX", "XXX",
	"XXXI", "XXXII", "XXXIII", "XXXIV", "XXXV", "XXXVI", "XXXVII", "XXXVIII", "XXXIX", "XL", "XLI", "XLII", "XLIII", "XLIV",
	"XLV", "XLVI", "XLVII", "XLVIII", "XLIX", "L"}

// links are the central offices every BIP lists.
var links = []struct{ title, url string }{
	{"Sejm Rzeczypospolitej Polskiej", "https://www.sejm.gov.pl"},
	{"Senat Rzeczypospolitej Polskiej", "https://www.senat.gov.pl"},
	{"Prezydent Rzeczypospolitej Polskiej", "https://www.prezydent.pl"},
	{"Kancelaria Prezesa Rady Ministrów", "https://www.gov.pl/web/premier"},
	{"Portal Biuletynu Informacji Publicznej", "https://www.gov.pl/web/bip"},
	{"Internetowy System Aktów Prawnych", "https://isap.sejm.gov.pl"},
}
