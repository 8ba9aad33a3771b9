/** Makes a gnome-keyring that D-Bus starts for the session under `dataHome` start unlocked. */
export function activateKeyringUnlocked(dataHome: string): void;
