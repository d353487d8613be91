/** A keydown handler for a payload box: Ctrl+Enter (Cmd+Enter on macOS) runs `send`. */
export function sendOnCtrlEnter(send: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    }
  };
}
