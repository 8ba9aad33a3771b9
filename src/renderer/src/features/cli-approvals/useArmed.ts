import { useEffect, useState } from 'react';

/** How long the Allow buttons stay disabled after the dialog appears or the window gets focus. */
export const ARM_DELAY_MS = 1000;

/**
 * False until the dialog has been on screen for `ARM_DELAY_MS`, and again for that long after the
 * window gets the focus back. A request brings the window to the front while the user may be
 * typing elsewhere (Tab then Space), or clicking where the dialog before it was: keystrokes and
 * clicks meant for something else must not allow it. Browsers arm their permission prompts so.
 */
export function useArmed(): boolean {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      setArmed(false);
      timer = setTimeout(() => setArmed(true), ARM_DELAY_MS);
    };
    const disarm = () => {
      clearTimeout(timer);
      setArmed(false);
    };
    arm();
    window.addEventListener('focus', arm);
    window.addEventListener('blur', disarm);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('focus', arm);
      window.removeEventListener('blur', disarm);
    };
  }, []);
  return armed;
}
