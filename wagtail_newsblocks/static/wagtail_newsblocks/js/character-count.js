/*
 * Live character counter for newsblocks text fields (pull quotes, subheads).
 * A Stimulus controller registered on Wagtail's admin application, so it needs
 * no inline script and works under a strict Content-Security-Policy.
 */
(function () {
  'use strict';

  function register() {
    var wagtail = window.wagtail;
    var Stimulus = window.StimulusModule;
    if (!wagtail || !wagtail.app || !Stimulus) {
      return false;
    }

    class CharacterCountController extends Stimulus.Controller {
      static values = {
        max: Number,
        label: { type: String, default: '{count} / {max}' },
        overLabel: { type: String, default: '{count} / {max}' },
      };

      connect() {
        this.output = document.createElement('p');
        this.output.className = 'newsblocks-count';
        this.output.setAttribute('aria-live', 'polite');
        this.output.id = this.element.id ? this.element.id + '-count' : '';
        this.element.insertAdjacentElement('afterend', this.output);
        if (this.output.id) {
          var described = (this.element.getAttribute('aria-describedby') || '').split(' ');
          described.push(this.output.id);
          this.element.setAttribute('aria-describedby', described.join(' ').trim());
        }
        this.update = this.update.bind(this);
        this.element.addEventListener('input', this.update);
        this.update();
      }

      disconnect() {
        this.element.removeEventListener('input', this.update);
        if (this.output) {
          this.output.remove();
        }
      }

      update() {
        // Count code points, as Python's len() does on the server.
        var count = Array.from(this.element.value.trim()).length;
        var max = this.maxValue;
        var over = count - max;
        var template = over > 0 ? this.overLabelValue : this.labelValue;
        this.output.textContent = template
          .replace('{count}', count)
          .replace('{max}', max)
          .replace('{over}', over);
        this.output.classList.toggle('newsblocks-count--over', over > 0);
      }
    }

    wagtail.app.register('newsblocks-count', CharacterCountController);
    return true;
  }

  if (!register()) {
    document.addEventListener('DOMContentLoaded', register, { once: true });
  }
})();
