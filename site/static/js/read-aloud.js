/*
 * "Read aloud": the browser's own speech synthesis reads the page's main text.
 * Progressive enhancement: the button is hidden in the HTML and shown only where the
 * browser has a voice for the page's language. Nothing is sent anywhere.
 */
(function () {
  "use strict";
  var button = document.querySelector("[data-read-aloud]");
  if (!button || !("speechSynthesis" in window) || !("SpeechSynthesisUtterance" in window)) {
    return;
  }
  var synth = window.speechSynthesis;
  var lang = button.getAttribute("data-lang") || document.documentElement.lang;
  var labelStart = button.getAttribute("data-label-start");
  var labelStop = button.getAttribute("data-label-stop");
  var voice = null;

  function findVoice() {
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf(lang.toLowerCase()) === 0) {
        return voices[i];
      }
    }
    return null;
  }

  function setSpeaking(speaking) {
    button.textContent = speaking ? labelStop : labelStart;
    button.setAttribute("aria-pressed", speaking ? "true" : "false");
  }

  function text() {
    var main = document.querySelector("[data-read-aloud-content]") || document.querySelector("main");
    return main ? main.innerText : "";
  }

  function offer() {
    voice = findVoice();
    if (voice) {
      button.hidden = false;
    }
  }

  button.addEventListener("click", function () {
    if (synth.speaking) {
      synth.cancel();
      setSpeaking(false);
      return;
    }
    var utterance = new SpeechSynthesisUtterance(text());
    utterance.lang = lang;
    if (voice) { utterance.voice = voice; }
    utterance.onend = function () { setSpeaking(false); };
    utterance.onerror = function () { setSpeaking(false); };
    synth.speak(utterance);
    setSpeaking(true);
  });

  offer();
  if (!voice && "onvoiceschanged" in synth) {
    synth.addEventListener("voiceschanged", offer);
  }
})();
