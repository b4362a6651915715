import { configure } from '@testing-library/dom';

// findBy* and waitFor give up after 1 s by default. CI runs every test project at once on two
// cores, where a render can take several times longer than on a laptop: they wait up to 10 s.
// They return as soon as their condition holds, so a passing test is no slower for it.
configure({ asyncUtilTimeout: 10_000 });
