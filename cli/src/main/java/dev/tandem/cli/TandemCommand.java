package dev.tandem.cli;
public class TandemCommand { public static void main(String[] a){ System.out.println(picocli.CommandLine.class); } }
