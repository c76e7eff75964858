export declare const EXIT_CONFIGURATION_ERROR: 78;
