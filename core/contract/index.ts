export * from './names';
export * from './schema';
export * from './wire';
