import { delegationColour, PALETTE } from '../schema/index';

/**
 * Who is who in one room: distinct caret colours for distinct participants (a name's preferred
 * colour unless another participant of the room already has it, then the first free one), and a
 * window number when one name has several windows open ("Secretariat 2", "Observer 3"), so two
 * windows never look the same. Held while the room's connections last.
 */
export class RoomColours {
  private readonly colours = new Map<string, string>();
  private readonly windows = new Map<string, Set<number>>();

  colourOf(name: string): string {
    let colour = this.colours.get(name);
    if (colour) return colour;
    const taken = new Set(this.colours.values());
    const preferred = delegationColour(name);
    colour = !taken.has(preferred) ? preferred : (PALETTE.find((candidate) => !taken.has(candidate)) ?? preferred);
    this.colours.set(name, colour);
    return colour;
  }

  /** The next window number for `name` (1 for the first), to be given back with `close`. */
  open(name: string): number {
    const open = this.windows.get(name) ?? new Set<number>();
    let number = 1;
    while (open.has(number)) number += 1;
    open.add(number);
    this.windows.set(name, open);
    return number;
  }

  get isEmpty(): boolean {
    return this.windows.size === 0;
  }

  close(name: string, number: number): void {
    const open = this.windows.get(name);
    open?.delete(number);
    if (open?.size === 0) {
      this.windows.delete(name);
      this.colours.delete(name);
    }
  }
}
