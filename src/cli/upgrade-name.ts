/** `create-service upgrade [dir]`: the one word that is a command rather than a service name (a module of its own, so the launcher loads nothing else to check it). */
export const UPGRADE = "upgrade";
