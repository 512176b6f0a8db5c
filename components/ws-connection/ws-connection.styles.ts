// Styles of <ws-connection>: it adds no box of its own, so its children lay out as if it were absent.
import { css } from 'lit';

export const styles = css`
  :host {
    display: contents;
  }
`;
