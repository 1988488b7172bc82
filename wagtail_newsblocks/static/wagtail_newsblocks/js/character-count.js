/*
 * Live character counter for newsblocks text fields (pull quotes, subheads).
 * A Stimulus controller registered on Wagtail's admin application, so it needs
 * no inline script and works under a strict Content-Security-Policy.
 *
 * It counts as the block's clean() does (blocks/length_limits.py): code
 * points, without the characters the server trims at either end (given in
 * data-newsblocks-count-trim-value, since JavaScript's trim() removes other
 * ones). Where typed quotation marks do not count (a pull quote), whether the
 * marks at both ends enclose the text takes the server's rules to say: such
 * text is counted by the server (data-newsblocks-count-url-value).
 */
(function () {
  'use strict';

  // Every quotation mark is punctuation or a symbol; text that does not start
  // and end with one keeps all its characters.
  var EDGE_MARK = /^[\p{P}\p{S}]$/u;

  function escapeForClass(characters) {
    return Array.from(characters)
      .map(function (character) {
        return '\\u{' + character.codePointAt(0).toString(16) + '}';
      })
      .join('');
  }

  function fill(template, values) {
    return Object.keys(values).reduce(function (text, key) {
      return text.split('{' + key + '}').join(values[key]);
    }, template);
  }

  function register() {
    var wagtail = window.wagtail;
    var Stimulus = window.StimulusModule;
    if (!wagtail || !wagtail.app || !Stimulus) {
      return false;
    }

    class CharacterCountController extends Stimulus.Controller {
      static values = {
        max: Number,
        trim: { type: String, default: ' \t\n\r' },
        label: { type: String, default: '{count} / {max}' },
        overLabel: { type: String, default: '{count} / {max}' },
        url: String,
        rule: String,
        marks: { type: Object, default: {} },
        defaultLanguage: String,
        marksLabel: String,
        typedLabel: String,
      };

      connect() {
        var chars = escapeForClass(this.trimValue);
        this.edges = new RegExp('^[' + chars + ']+|[' + chars + ']+$', 'gu');
        this.output = document.createElement('p');
        this.output.className = 'newsblocks-count';
        this.output.setAttribute('aria-live', 'polite');
        this.output.id = this.element.id ? this.element.id + '-count' : '';
        this.element.insertAdjacentElement('afterend', this.output);
        if (this.marksLabelValue) {
          this.hint = document.createElement('p');
          this.hint.className = 'newsblocks-count__marks';
          this.hint.id = this.element.id ? this.element.id + '-marks' : '';
          this.output.insertAdjacentElement('afterend', this.hint);
          this.languageField = this.findLanguageField();
        }
        var described = (this.element.getAttribute('aria-describedby') || '').split(' ');
        [this.output, this.hint].forEach(function (node) {
          if (node && node.id) {
            described.push(node.id);
          }
        });
        this.element.setAttribute('aria-describedby', described.join(' ').trim());
        this.update = this.update.bind(this);
        this.element.addEventListener('input', this.update);
        if (this.languageField) {
          this.languageField.addEventListener('change', this.update);
        }
        this.update();
      }

      disconnect() {
        this.element.removeEventListener('input', this.update);
        if (this.languageField) {
          this.languageField.removeEventListener('change', this.update);
        }
        clearTimeout(this.pending);
        [this.output, this.hint].forEach(function (node) {
          if (node) {
            node.remove();
          }
        });
      }

      findLanguageField() {
        // The block's own "Language" field, beside this one in the form
        // ("body-0-value-quote" → "body-0-value-language").
        var name = (this.element.name || '').replace(/[^-]+$/, 'language');
        return name ? document.querySelector('select[name="' + name + '"]') : null;
      }

      language() {
        var own = this.languageField && this.languageField.value;
        var config = window.wagtailConfig || {};
        // The page's locale, as Wagtail's own slug field finds it.
        return (own || config.ACTIVE_CONTENT_LOCALE || this.defaultLanguageValue || '')
          .toLowerCase()
          .replace('_', '-');
      }

      update() {
        var trimmed = this.element.value.replace(this.edges, '');
        var characters = Array.from(trimmed);
        var count = characters.length;
        var enclosed =
          this.urlValue &&
          count > 1 &&
          EDGE_MARK.test(characters[0]) &&
          EDGE_MARK.test(characters[count - 1]);
        if (enclosed) {
          this.askServer(this.element.value);
        } else {
          clearTimeout(this.pending);
          this.request = null;
          this.show(count, false);
        }
      }

      askServer(text) {
        clearTimeout(this.pending);
        var controller = this;
        this.pending = setTimeout(function () {
          var body = new URLSearchParams({ rule: controller.ruleValue, text: text });
          var request = fetch(controller.urlValue, {
            method: 'POST',
            body: body,
            credentials: 'same-origin',
            headers: { 'X-CSRFToken': (window.wagtailConfig || {}).CSRF_TOKEN || '' },
          })
            .then(function (response) {
              return response.ok ? response.json() : null;
            })
            .then(function (data) {
              // Only the answer for the latest text is shown.
              if (data && controller.request === request) {
                controller.show(data.count, data.typed_marks);
              }
            })
            .catch(function () {});
          controller.request = request;
        }, 120);
      }

      show(count, typedMarks) {
        var max = this.maxValue;
        var over = count - max;
        var template = over > 0 ? this.overLabelValue : this.labelValue;
        this.output.textContent = fill(template, { count: count, max: max, over: over });
        this.output.classList.toggle('newsblocks-count--over', over > 0);
        this.output.dataset.count = String(count);
        if (this.hint) {
          var language = this.language();
          var known =
            this.marksValue[language] || this.marksValue[language.split('-')[0]] || null;
          this.hint.hidden = !known;
          if (known) {
            this.hint.textContent = fill(typedMarks ? this.typedLabelValue : this.marksLabelValue, {
              marks: known.marks,
              language: known.name,
            });
          }
          this.hint.classList.toggle('newsblocks-count__marks--typed', Boolean(typedMarks));
        }
      }
    }

    wagtail.app.register('newsblocks-count', CharacterCountController);
    return true;
  }

  if (!register()) {
    document.addEventListener('DOMContentLoaded', register, { once: true });
  }
})();
