// bk-speech: the read-aloud player. The server marks each sentence it reads
// with <span data-sentence="N"> (the metryczka's "mN"; a sentence across a
// link is several spans with one id) and renders the controls hidden. Here
// they are shown, and sentence N plays through one <audio> element from
// data-src + "/" + N + "?s=" + data-page (WAV, made on the server, so the
// desktop window and a browser sound the same); the next sentence is fetched
// while one plays, so the server has it ready. The sentence being read gets
// the class bk-speech-current and is kept in view. Keys, with focus in the
// player: left/right arrow, previous/next sentence; plus/minus, speed.
// Escape stops reading anywhere on the page.
(function () {
  "use strict";

  var CURRENT = "bk-speech-current";

  function initSpeech(root) {
    var controls = root.querySelector(".bk-speech__controls");
    var play = root.querySelector("[data-act=play]");
    var stopButton = root.querySelector("[data-act=stop]");
    var prevButton = root.querySelector("[data-act=prev]");
    var nextButton = root.querySelector("[data-act=next]");
    var metaButton = root.querySelector("[data-act=meta]");
    var speedSelect = root.querySelector("select");
    var said = root.querySelector("[data-said]");
    var lists = collect();
    var audio = document.createElement("audio");
    if (!controls || !play || lists[""].length === 0 || typeof audio.play !== "function") {
      return; // nothing to read, or no audio: the page as without scripts
    }
    audio.preload = "auto";
    audio.hidden = true; // no controls of its own: the buttons are the controls
    root.appendChild(audio);
    var list = "";      // the list being read: "" the page, "m" the metryczka
    var index = -1;     // its sentence being read; -1 none
    var state = "idle"; // idle, playing, paused
    var prefetch = null; // AbortController of the next sentence's fetch

    // collect groups the marked spans by list and id, in page order.
    function collect() {
      var out = {"": [], "m": []};
      var seen = {};
      var spans = document.querySelectorAll("[data-sentence]");
      for (var i = 0; i < spans.length; i++) {
        var id = spans[i].getAttribute("data-sentence");
        var name = id.charAt(0) === "m" ? "m" : "";
        if (!seen[id]) {
          seen[id] = [];
          out[name].push(id);
        }
        seen[id].push(spans[i]);
      }
      out.spans = seen;
      return out;
    }

    function url(id) {
      return root.getAttribute("data-src") + "/" + id + "?s=" + encodeURIComponent(root.getAttribute("data-page")) +
        "&speed=" + encodeURIComponent(speedSelect.value);
    }

    function say(key) {
      if (said) {
        said.textContent = said.getAttribute("data-" + key) || "";
      }
    }

    function highlight(id) {
      var old = document.querySelectorAll("." + CURRENT);
      for (var i = 0; i < old.length; i++) {
        old[i].classList.remove(CURRENT);
      }
      var spans = id ? lists.spans[id] : null;
      if (!spans) {
        return;
      }
      for (var j = 0; j < spans.length; j++) {
        spans[j].classList.add(CURRENT);
      }
      if (spans[0].scrollIntoView) {
        spans[0].scrollIntoView({block: "nearest"});
      }
    }

    function setState(next) {
      state = next;
      var label = {idle: "data-play", playing: "data-pause", paused: "data-resume"}[next];
      play.textContent = play.getAttribute(label);
      stopButton.disabled = next === "idle";
      prevButton.disabled = next === "idle" || index <= 0;
      nextButton.disabled = next === "idle" || index >= lists[list].length - 1;
      root.setAttribute("data-state", next);
    }

    function fetchNext() {
      if (prefetch) {
        prefetch.abort();
        prefetch = null;
      }
      var id = lists[list][index + 1];
      if (!id || typeof window.AbortController !== "function" || typeof window.fetch !== "function") {
        return;
      }
      prefetch = new window.AbortController();
      window.fetch(url(id), {signal: prefetch.signal}).then(function (r) { return r.arrayBuffer(); }).catch(function () {});
    }

    // playAt reads sentence i of the current list.
    function playAt(i) {
      var ids = lists[list];
      if (i < 0 || i >= ids.length) {
        finish("end");
        return;
      }
      index = i;
      highlight(ids[i]);
      audio.src = url(ids[i]);
      setState("playing");
      var started = audio.play();
      if (started && started.catch) {
        started.catch(function (err) {
          if (err && err.name !== "AbortError" && state === "playing") {
            finish("error");
          }
        });
      }
      fetchNext();
    }

    function finish(key) {
      if (prefetch) {
        prefetch.abort();
        prefetch = null;
      }
      audio.pause();
      audio.removeAttribute("src");
      audio.load(); // drops the request under way, which stops its synthesis
      index = -1;
      highlight(null);
      setState("idle");
      say(key);
    }

    function start(name) {
      list = name;
      playAt(0);
      say("playing");
    }

    audio.addEventListener("ended", function () {
      if (state === "playing") {
        playAt(index + 1);
      }
    });
    audio.addEventListener("error", function () {
      if (state === "playing" && audio.getAttribute("src")) {
        finish("error");
      }
    });

    // Warm up: a pointer over "Czytaj na głos", or focus on it, asks for the
    // first sentence, so the server has it made by the time it is pressed.
    var warmed = false;
    function warm() {
      if (!warmed && state === "idle" && typeof window.fetch === "function") {
        warmed = true;
        window.fetch(url(lists[""][0])).then(function (r) { return r.arrayBuffer(); }).catch(function () {});
      }
    }
    play.addEventListener("pointerenter", warm);
    play.addEventListener("focus", warm);

    play.addEventListener("click", function () {
      if (state === "idle") {
        start("");
      } else if (state === "playing") {
        audio.pause();
        setState("paused");
        say("paused");
      } else {
        audio.play();
        setState("playing");
        say("playing");
      }
    });
    stopButton.addEventListener("click", function () {
      finish("stopped");
      play.focus(); // the stop button is now disabled
    });
    prevButton.addEventListener("click", function () { step(-1); });
    nextButton.addEventListener("click", function () { step(1); });
    if (lists.m.length > 0) {
      metaButton.hidden = false;
      metaButton.addEventListener("click", function () { start("m"); });
    }
    speedSelect.addEventListener("change", function () {
      if (state !== "idle") {
        playAt(index); // the sentence again at the new speed
      }
    });

    function step(delta) {
      if (state === "idle") {
        return;
      }
      var to = Math.max(0, Math.min(lists[list].length - 1, index + delta));
      playAt(to);
      if (document.activeElement && document.activeElement.disabled) {
        play.focus();
      }
    }

    function changeSpeed(delta) {
      var i = speedSelect.selectedIndex + delta;
      if (i >= 0 && i < speedSelect.options.length) {
        speedSelect.selectedIndex = i;
        speedSelect.dispatchEvent(new Event("change"));
      }
    }

    root.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var onSelect = event.target === speedSelect;
      switch (event.key) {
        case "ArrowLeft":
          if (!onSelect) { event.preventDefault(); step(-1); }
          break;
        case "ArrowRight":
          if (!onSelect) { event.preventDefault(); step(1); }
          break;
        case "+":
          event.preventDefault();
          changeSpeed(1);
          break;
        case "-":
          event.preventDefault();
          changeSpeed(-1);
          break;
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && state !== "idle" && !event.defaultPrevented && !document.querySelector("dialog[open]")) {
        finish("stopped");
      }
    });

    controls.hidden = false;
    setState("idle");
  }

  window.bkModule("bk-speech", initSpeech);
})();
