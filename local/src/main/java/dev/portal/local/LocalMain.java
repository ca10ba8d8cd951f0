package dev.portal.local; public final class LocalMain { public static void main(String[] a) {} }
