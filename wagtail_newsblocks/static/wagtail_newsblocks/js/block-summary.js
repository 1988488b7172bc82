/*
 * Collapsed summaries for newsblocks' StructBlocks (their Meta.label_format).
 *
 * Wagtail fills each "{child}" with the child's text, writes "null" for an
 * empty chooser, keeps the separators around empty parts and cuts every part
 * at the same length, so a long quote pushes its speaker out of sight. Here:
 *   - adjacent placeholders are alternatives, the first non-empty one wins
 *     ("{attribution}{speaker}": the typed name, else the roster entry's);
 *   - a separator is written only between two non-empty parts, and it is the
 *     one that followed the last part written (": " or " – ");
 *   - a part can be cut to its first words (NewsblocksStructBlock.label_lengths),
 *     so that what follows it still fits the heading;
 *   - an empty part for which readers get a default shows that default
 *     (NewsblocksStructBlock.label_defaults: a table of contents without a
 *     title is "Contents").
 * Only the text shown changes; the form and its values are Wagtail's own,
 * but for the stored data without a field that kept-data.js carries.
 */
(function () {
  'use strict';

  var streamField = window.wagtailStreamField;
  if (!streamField || !streamField.blocks || !window.telepath) {
    return;
  }

  function parse(format) {
    var groups = [];
    var pattern = /\{(\w+)\}/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(format)) !== null) {
      var literal = format.slice(last, match.index);
      if (groups.length && literal === '') {
        groups[groups.length - 1].names.push(match[1]);
      } else {
        groups.push({ literal: literal, names: [match[1]] });
      }
      last = pattern.lastIndex;
    }
    return { groups: groups, tail: format.slice(last) };
  }

  function firstWords(text, maxLength) {
    if (!maxLength || text.length <= maxLength) {
      return text;
    }
    var cut = text.slice(0, maxLength - 1);
    var space = cut.lastIndexOf(' ');
    if (space > maxLength / 2) {
      cut = cut.slice(0, space);
    }
    return cut.replace(/[\s,;:.–-]+$/, '') + '…';
  }

  function childText(block, name, maxLength, fallback) {
    var child = block.childBlocks[name];
    var label = child && child.getTextLabel ? child.getTextLabel() : null;
    var text = label === null || label === undefined ? '' : String(label);
    text = text.replace(/\s+/g, ' ').trim() || fallback || '';
    return firstWords(text, maxLength);
  }

  function summary(block, format, lengths, defaults, options) {
    var maxLength = options && options.maxLength;
    var parsed = parse(format);
    var text = '';
    var separator = null;
    parsed.groups.forEach(function (group, index) {
      if (index > 0 && separator === null) {
        separator = group.literal;
      }
      var part = '';
      for (var i = 0; i < group.names.length && !part; i += 1) {
        var name = group.names[i];
        part = childText(block, name, lengths[name] || maxLength, defaults[name]);
      }
      if (!part) {
        return;
      }
      text += text ? separator : '';
      text += part;
      separator = null;
    });
    if (!text) {
      return null;
    }
    var prefix = parsed.groups.length ? parsed.groups[0].literal : '';
    return prefix + text + parsed.tail;
  }

  class NewsblocksStructBlockDefinition extends streamField.blocks.StructBlockDefinition {
    render(placeholder, prefix, initialState, initialError) {
      // Stored keys without a field travel in a hidden field (kept-data.js).
      var keptData = window.wagtailNewsblocksKeptData;
      if (keptData) {
        var split = keptData.fromStruct(initialState);
        initialState = split[0];
        if (split[1]) {
          keptData.keep(placeholder, prefix, split[1]);
        }
      }
      var block = super.render(placeholder, prefix, initialState, initialError);
      var format = this.meta.labelFormat;
      var lengths = this.meta.newsblocksLabelLengths || {};
      var defaults = this.meta.newsblocksLabelDefaults || {};
      if (typeof format === 'string') {
        block.getTextLabel = function (options) {
          return summary(block, format, lengths, defaults, options);
        };
      }
      return block;
    }
  }

  window.telepath.register('wagtail_newsblocks.blocks.StructBlock', NewsblocksStructBlockDefinition);
})();
