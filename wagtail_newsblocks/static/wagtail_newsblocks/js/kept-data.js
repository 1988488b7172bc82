/*
 * Stored data the StreamField form cannot show, carried through it unchanged
 * (see wagtail_newsblocks/blocks/kept_data.py).
 *
 * A block's form state may hold, under "newsblocks-kept", data that has no
 * field: items of block types the story no longer knows (as a pseudo-child
 * of the story), keys from an older field layout, a deleted roster entry's
 * snapshot (in a StructBlock's state). It is taken out before Wagtail builds
 * the form, written into a hidden field "<prefix>-newsblocks-kept" placed
 * just before the block (so it moves and goes with it) and announced to the
 * editor in a note. The server reads it back on saving.
 */
(function () {
  'use strict';

  var KEY = 'newsblocks-kept';

  function keep(placeholder, prefix, kept) {
    var note = document.createElement('p');
    note.className = 'help-block help-info newsblocks-kept-notice';
    note.setAttribute('role', 'note');
    note.textContent = kept.notice;
    var input = document.createElement('input');
    input.type = 'hidden';
    input.name = prefix + '-' + KEY;
    input.value = JSON.stringify(kept.data);
    if (kept.discardLabel) {
      var label = document.createElement('label');
      var checkbox = document.createElement('input');
      checkbox.type = 'checkbox';
      checkbox.name = input.name + '-discard';
      checkbox.value = '1';
      label.appendChild(checkbox);
      label.appendChild(document.createTextNode(' ' + kept.discardLabel));
      note.appendChild(document.createElement('br'));
      note.appendChild(label);
    }
    placeholder.parentNode.insertBefore(note, placeholder);
    placeholder.parentNode.insertBefore(input, placeholder);
  }

  /* A StructBlock's state without the kept data, and the kept data. */
  function fromStruct(state) {
    if (!state || typeof state !== 'object' || !(KEY in state)) {
      return [state, null];
    }
    var rest = {};
    Object.keys(state).forEach(function (name) {
      if (name !== KEY) {
        rest[name] = state[name];
      }
    });
    return [rest, state[KEY]];
  }

  /* A StreamBlock's state without the kept pseudo-child, and the kept data. */
  function fromStream(state) {
    if (!Array.isArray(state)) {
      return [state, null];
    }
    var kept = null;
    var rest = state.filter(function (child) {
      if (child && child.type === KEY) {
        kept = child.value;
        return false;
      }
      return true;
    });
    return [rest, kept];
  }

  window.wagtailNewsblocksKeptData = { keep: keep, fromStruct: fromStruct };

  var streamField = window.wagtailStreamField;
  if (!streamField || !streamField.blocks || !window.telepath) {
    return;
  }

  class NewsStoryBlockDefinition extends streamField.blocks.StreamBlockDefinition {
    render(placeholder, prefix, initialState, initialError) {
      var split = fromStream(initialState);
      if (split[1]) {
        keep(placeholder, prefix, split[1]);
      }
      return super.render(placeholder, prefix, split[0], initialError);
    }
  }

  window.telepath.register('wagtail_newsblocks.blocks.NewsStoryBlock', NewsStoryBlockDefinition);
})();
