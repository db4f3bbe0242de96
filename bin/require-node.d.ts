// Types for the plain-JS launcher helper, so the CLI and the tests share its one Node check.
export declare const MINIMUM_BY_MAJOR: Readonly<Record<number, string>>;
export declare const FIRST_MAJOR_WITHOUT_FLOOR: number;
export declare function isSupportedNodeVersion(version: string): boolean;
export declare function unsupportedNodeMessage(tool: string, version: string): string;
export declare function requireSupportedNode(tool: string): void;
