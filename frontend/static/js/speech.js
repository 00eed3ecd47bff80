// bk-speech: the read-aloud player. The server marks each sentence it reads
// with <span data-sentence="N"> (the metryczka's "mN"; a sentence across a
// link is several spans with one id) and renders the controls hidden. Here
// they are shown, and sentence N plays through one <audio> element: its WAV
// (made on the server, so the desktop window and a browser sound the same)
// is fetched from data-src + "/" + N + "?s=" + data-page and played from a
// blob: address, which every webview plays alike (the desktop window's own
// scheme need not support media requests); the next sentence is fetched
// while one plays, so it starts at once. The sentence being read gets
// the class bk-speech-current and is kept in view. Keys, with focus in the
// player: left/right arrow, previous/next sentence; plus/minus, speed.
// Escape stops reading anywhere on the page. Audio the webview will not play
// stops the reading with a message, never a silent "reading".
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
    if (!controls || !play || lists[""].length === 0 || typeof audio.play !== "function" ||
        typeof window.fetch !== "function" || !window.URL || typeof URL.createObjectURL !== "function") {
      return; // nothing to read, or no audio: the page as without scripts
    }
    audio.preload = "auto";
    audio.hidden = true; // no controls of its own: the buttons are the controls
    root.appendChild(audio);
    var list = "";      // the list being read: "" the page, "m" the metryczka
    var index = -1;     // its sentence being read; -1 none
    var state = "idle"; // idle, playing, paused

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

    // loads maps a sentence's URL to its fetch: {ctrl, promise of a blob: URL}.
    var loads = {};
    var turn = 0; // counts playAt calls: a load that lands late is for an old turn
    var playing = ""; // the blob: URL given to the audio element last

    function load(id) {
      var key = url(id);
      if (!loads[key]) {
        var ctrl = typeof window.AbortController === "function" ? new window.AbortController() : null;
        var entry = {ctrl: ctrl, blobURL: null};
        entry.promise = window.fetch(key, ctrl ? {signal: ctrl.signal} : {}).then(function (r) {
          if (!r.ok) {
            throw new Error("speech " + r.status);
          }
          return r.blob();
        }).then(function (blob) {
          entry.blobURL = URL.createObjectURL(blob);
          return entry.blobURL;
        });
        entry.promise.catch(function () { delete loads[key]; });
        loads[key] = entry;
      }
      return loads[key].promise;
    }

    // forget drops every load but those of keep (URLs), stopping the ones
    // under way, so the server stops making them.
    function forget(keep) {
      for (var key in loads) {
        if (keep.indexOf(key) < 0) {
          if (loads[key].ctrl) {
            loads[key].ctrl.abort();
          }
          if (loads[key].blobURL) {
            URL.revokeObjectURL(loads[key].blobURL);
          }
          delete loads[key];
        }
      }
    }

    // playAt reads sentence i of the current list.
    function playAt(i) {
      var ids = lists[list];
      if (i < 0 || i >= ids.length) {
        finish("end");
        return;
      }
      index = i;
      var mine = ++turn;
      highlight(ids[i]);
      setState("playing");
      var keep = [url(ids[i])];
      if (i + 1 < ids.length) {
        keep.push(url(ids[i + 1]));
      }
      forget(keep);
      load(ids[i]).then(function (blobURL) {
        if (mine !== turn || state === "idle") {
          return;
        }
        // A new source tears the old sound down: not while it starts (app.js).
        window.bkAudioSettled(function () {
          if (mine !== turn || state === "idle") {
            return;
          }
          playing = blobURL;
          audio.src = blobURL;
          if (state === "playing") {
            sound(mine);
          }
        }, [audio]);
      }).catch(function (err) {
        if (mine === turn && state !== "idle" && !(err && err.name === "AbortError")) {
          finish("error");
        }
      });
      if (i + 1 < ids.length) {
        load(ids[i + 1]).catch(function () {});
      }
    }

    // sound plays the audio of turn mine. A refusal (no sound device the
    // webview can open, a policy against playing) would leave the player
    // "reading" in silence for ever: it stops and says it could not play.
    // An AbortError is only a newer sentence taking the element over.
    function sound(mine) {
      var played = audio.play();
      if (played && played.catch) {
        played.catch(function (err) {
          if (mine === turn && state === "playing" && !(err && err.name === "AbortError")) {
            finish("error");
          }
        });
      }
    }

    function finish(key) {
      turn++;
      playing = "";
      forget([]); // stops the fetches under way, which stops their synthesis
      audio.pause(); // silent at once; the source goes once it is not starting (app.js)
      var mine = turn;
      window.bkAudioSettled(function () {
        if (mine === turn) {
          audio.removeAttribute("src");
          audio.load();
        }
      }, [audio]);
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
      // Only the sentence being played: an address dropped by a jump is no error.
      if (state === "playing" && playing && audio.currentSrc === playing) {
        finish("error");
      }
    });

    // Warm up: a pointer over "Czytaj na głos", or focus on it, asks for the
    // first sentence, so the server has it made by the time it is pressed.
    function warm() {
      if (state === "idle") {
        load(lists[""][0]).catch(function () {});
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
        setState("playing");
        if (audio.getAttribute("src")) {
          sound(turn);
        }
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
