/*
 * The quote share page's buttons (templates/wagtail_newsblocks/quote_share.html).
 *
 * A file rather than inline script, so that sites with a strict
 * Content-Security-Policy (script-src 'self') keep it. The page works without
 * it: the link stays in its field to copy by hand, the network links are plain
 * links. Each button is shown only where the browser can do what it says.
 * Its messages come translated from the template's data attributes.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-newsblocks-share]");
  if (!root) {
    return;
  }
  var url = root.getAttribute("data-url");
  var field = root.querySelector("[data-newsblocks-share-field]");
  var status = root.querySelector("[data-newsblocks-share-status]");
  var copyButton = root.querySelector("[data-newsblocks-share-copy]");
  var nativeButton = root.querySelector("[data-newsblocks-share-native]");

  function say(message) {
    // Emptied first, so that the same message twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  function selectField() {
    field.focus();
    field.select();
  }

  function copiedByHand() {
    selectField();
    say(root.getAttribute("data-copy-failed"));
  }

  if (copyButton && field && status) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      if (!navigator.clipboard || !window.isSecureContext) {
        copiedByHand();
        return;
      }
      navigator.clipboard.writeText(url).then(function () {
        say(root.getAttribute("data-copied"));
      }, copiedByHand);
    });
  }

  if (nativeButton && typeof navigator.share === "function") {
    var shared = {
      title: root.getAttribute("data-title"),
      text: root.getAttribute("data-text"),
      url: url,
    };
    if (typeof navigator.canShare !== "function" || navigator.canShare(shared)) {
      nativeButton.hidden = false;
      nativeButton.addEventListener("click", function () {
        navigator.share(shared).catch(function (error) {
          // Closing the share sheet is the reader's choice, not a failure.
          if (error && error.name !== "AbortError" && field && status) {
            copiedByHand();
          }
        });
      });
    }
  }
})();
