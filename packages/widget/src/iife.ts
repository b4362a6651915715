// Entry of the one-file build for a plain <script> tag: exposes window.Aide and nothing else.
export { defineAideElement } from './element';
export { mountAide } from './mount';
