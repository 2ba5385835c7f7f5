import { Alert, Anchor, createTheme, darken, Drawer, Modal, type CSSVariablesResolver } from '@mantine/core';

/**
 * Colours that pass WCAG AA contrast (4.5:1 for text) in both schemes; the axe checks in
 * test/e2e/accessibility.spec.ts hold every page to it.
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 6 under white button text is 4.3:1; shade 8 is above 4.5.
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'sm',
  components: {
    // A link inside a sentence must show it is one without relying on colour (WCAG 1.4.1).
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    // On an alert's tinted background the link colour fails contrast; underlined, it can take the text's.
    Alert: Alert.extend({ styles: { message: { '--mantine-color-anchor': 'currentColor' } } }),
    // The close button of a dialog or drawer is an icon: without a name a screen reader says only "button".
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
  },
});

export const cssVariablesResolver: CSSVariablesResolver = (resolved) => ({
  variables: {},
  light: {
    // Mantine's "dimmed" text (help under fields, page descriptions) is gray 6 on white: 3.3:1.
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Light badges and alerts write shade 9 on shade 1: yellow, orange, teal and green stay under 4.5:1.
    ...Object.fromEntries(Object.entries(resolved.colors).map(([name, shades]) => [`--mantine-color-${name}-light-color`, darken(shades[9], 0.3)])),
  },
  // Dark 2 on dark 7 is 4.2:1.
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});
