// Entry of the one-file build for a plain <script> tag: exposes window.Aide and nothing else.
export { mountAide } from './mount';
