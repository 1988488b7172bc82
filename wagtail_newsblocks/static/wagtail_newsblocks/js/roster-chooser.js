/*
 * The roster chooser's portrait (widgets.RosterChooser): the chosen entry's
 * portrait, or the initials a story shows for it, where Wagtail's chooser
 * shows a grey icon. Wagtail's chooser script keeps the entry's id in a hidden
 * input and announces every choice with a "change" event; the image follows
 * it. A Stimulus controller, so that choosers in blocks added later get one
 * too, with no inline script.
 */
(function () {
  'use strict';

  function register() {
    var wagtail = window.wagtail;
    var Stimulus = window.StimulusModule;
    if (!wagtail || !wagtail.app || !Stimulus) {
      return false;
    }

    class RosterPortraitController extends Stimulus.Controller {
      static targets = ['image'];
      static values = { url: String, input: String };

      connect() {
        this.update = this.update.bind(this);
        this.field = document.getElementById(this.inputValue);
        if (this.field) {
          this.field.addEventListener('change', this.update);
        }
        this.update();
      }

      disconnect() {
        if (this.field) {
          this.field.removeEventListener('change', this.update);
        }
      }

      update() {
        var id = this.field ? this.field.value : '';
        if (!/^\d+$/.test(id)) {
          this.imageTarget.hidden = true;
          this.imageTarget.removeAttribute('src');
          return;
        }
        this.imageTarget.src = this.urlValue + id + '/';
        this.imageTarget.hidden = false;
      }
    }

    wagtail.app.register('newsblocks-portrait', RosterPortraitController);
    return true;
  }

  if (!register()) {
    document.addEventListener('DOMContentLoaded', register, { once: true });
  }
})();
