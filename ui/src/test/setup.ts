import { configure } from '@testing-library/dom';

// The modules' manifests, as the app registers them at start.
import '../moduleList';

// `findBy…` and `waitFor` wait up to 5 s (1 s by default): the first screen of a test file
// pays for loading the app's modules, which takes longer than that on a busy machine.
configure({ asyncUtilTimeout: 5000 });

/**
 * jsdom has no layout: every element measures 0×0, so a virtualised list would draw no rows.
 * Here elements report a 1280×720 box, and `scrollTo` moves `scrollTop` and fires `scroll`
 * as a browser does. Only tests load this file (vite.config.ts `test.setupFiles`).
 */
export const VIEWPORT = { width: 1280, height: 720 };

if (typeof window !== 'undefined') {
  Object.defineProperties(HTMLElement.prototype, {
    clientHeight: { configurable: true, get: () => VIEWPORT.height },
    clientWidth: { configurable: true, get: () => VIEWPORT.width },
    offsetHeight: { configurable: true, get: () => VIEWPORT.height },
    offsetWidth: { configurable: true, get: () => VIEWPORT.width },
  });
  Element.prototype.scrollTo = function scrollTo(this: Element, options?: ScrollToOptions | number, y?: number) {
    const top = typeof options === 'number' ? y : options?.top;
    if (typeof top === 'number') this.scrollTop = top;
    this.dispatchEvent(new Event('scroll'));
  } as Element['scrollTo'];
}
