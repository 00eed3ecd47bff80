<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"><title>Biuletyn Informacji Publicznej Gminy Stary Dwór</title></head>
<frameset cols="220,*"><frame src="menu.php" name="menu"><frame src="start.php" name="tresc"><noframes>Twoja przeglądarka nie obsługuje ramek.</noframes></frameset></html>
