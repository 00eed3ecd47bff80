// bk-pjm: the sign-language recording's own buttons (play or pause, back
// 10 s, captions off or on), beside the browser's controls, so the keyboard
// operates the recording alike in every webview. Nothing plays until a
// button or the video's own control is used.
(function () {
  "use strict";

  function initRecording(figure) {
    var video = figure.querySelector("video");
    var controls = figure.querySelector("[data-pjm-controls]");
    if (!video || !controls) {
      return;
    }
    var play = controls.querySelector('[data-pjm="play"]');
    var captions = controls.querySelector('[data-pjm="captions"]');
    controls.hidden = false;

    controls.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-pjm]");
      if (!button) {
        return;
      }
      switch (button.getAttribute("data-pjm")) {
        case "play":
          if (video.paused) {
            var started = video.play();
            if (started && started.catch) {
              started.catch(function () {});
            }
          } else {
            video.pause();
          }
          break;
        case "back":
          video.currentTime = Math.max(0, video.currentTime - 10);
          break;
        case "captions":
          setCaptions(!captionsShown());
          break;
      }
    });
    video.addEventListener("play", label);
    video.addEventListener("pause", label);
    label();

    function label() {
      play.textContent = figure.getAttribute(video.paused ? "data-play" : "data-pause");
      captions.textContent = figure.getAttribute(captionsShown() ? "data-captions-off" : "data-captions-on");
    }

    function captionsShown() {
      var track = video.textTracks && video.textTracks[0];
      return !!track && track.mode === "showing";
    }

    function setCaptions(on) {
      var track = video.textTracks && video.textTracks[0];
      if (track) {
        track.mode = on ? "showing" : "hidden";
      }
      label();
    }
  }

  window.bkModule("bk-pjm", initRecording);
})();
