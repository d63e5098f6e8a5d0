// Mounts the "Video off" notice in the header when the page cannot decode video because it is
// not a secure context (or the browser has no WebCodecs). Nothing is added otherwise.
import { secureContextProblem, type PageScope } from '../../core/media/secureContext';
import type { FeatureMount } from '../../feature';
import { SecureContextNotice } from './SecureContextNotice';

export const mountSecureContext: FeatureMount = (context) => {
  const problem = secureContextProblem(window as unknown as PageScope);
  if (!problem) return () => undefined;
  const notice = new SecureContextNotice(problem, window.location);
  context.header.utility.prepend(notice.element);
  return () => notice.dispose();
};
