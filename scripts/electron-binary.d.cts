export declare const root: string;
export declare function electronBinary(): string | null;
