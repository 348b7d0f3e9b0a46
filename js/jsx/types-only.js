// kundenwert/jsx/react, /vue, /svelte and /solid are types only (the JSX types of the elements);
// importing one at run time gives this empty module. Register the elements with
// kundenwert/elements, kundenwert/retention-forecast and kundenwert/segmenter.
export {};
