// The directive each chunk of the feed's list renders through inside `repeat`. It does what
// `guard` does (render only when the dependencies change) and it also reports the end marker of
// the part the chunk lives in. lit-html 3.3.x's removePart(), which `repeat` calls when a chunk
// leaves the list, removes the part's start marker but leaves its end marker (lit/lit#5298). The
// feed removes that marker itself, so a feed that drops chunks for days keeps a bounded DOM.
import { noChange } from 'lit';
import { Directive, PartType, directive, type ChildPart, type PartInfo } from 'lit/directive.js';

class ChunkDirective extends Directive {
  #deps?: readonly unknown[];

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.CHILD) throw new Error('chunk() only works in child content');
  }

  render(_deps: readonly unknown[], content: () => unknown, _end: (node: Node) => void): unknown {
    return content();
  }

  override update(part: ChildPart, [deps, content, end]: Parameters<this['render']>): unknown {
    // Parts that `repeat` creates always have their own end marker.
    if (part.endNode) end(part.endNode);
    const previous = this.#deps;
    if (previous?.length === deps.length && deps.every((d, i) => d === previous[i]))
      return noChange;
    this.#deps = deps;
    return content();
  }
}

/**
 * Renders `content()` when `deps` differ from the last render's (compared with `===`), and hands
 * `end` the end marker of the part it is in.
 */
export const chunk = directive(ChunkDirective);
