import { delegationColour, PALETTE } from '../schema/index';

/**
 * Who is who in one room: distinct caret colours for distinct participants (a name's preferred
 * colour unless another participant of the room already has it, then the first free one), and a
 * window number for the second and later windows of a role's name ("Secretariat 2", "Observer 3"),
 * so two such windows never look the same. Held while the room has connections.
 */
export class RoomColours {
  private readonly colours = new Map<string, string>();
  private readonly windows = new Map<string, Set<number>>();
  private connections = 0;

  colourOf(name: string): string {
    let colour = this.colours.get(name);
    if (colour) return colour;
    const taken = new Set(this.colours.values());
    const preferred = delegationColour(name);
    colour = !taken.has(preferred) ? preferred : (PALETTE.find((candidate) => !taken.has(candidate)) ?? preferred);
    this.colours.set(name, colour);
    return colour;
  }

  /** A connection arrives; `numbered`: it gets the next window number of its name (1 for the first). */
  open(name: string, numbered: boolean): number | undefined {
    this.connections += 1;
    if (!numbered) return undefined;
    const open = this.windows.get(name) ?? new Set<number>();
    let number = 1;
    while (open.has(number)) number += 1;
    open.add(number);
    this.windows.set(name, open);
    return number;
  }

  close(name: string, number: number | undefined): void {
    this.connections -= 1;
    if (number !== undefined) {
      const open = this.windows.get(name);
      open?.delete(number);
      if (open?.size === 0) this.windows.delete(name);
    }
  }

  get isEmpty(): boolean {
    return this.connections <= 0;
  }
}
